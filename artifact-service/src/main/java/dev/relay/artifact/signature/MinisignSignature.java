package dev.relay.artifact.signature;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A parsed {@code .minisig} file: untrusted comment, base64 of 2-byte algorithm + 8-byte key id + 64-byte signature,
 * {@code trusted comment: ...}, base64 of the 64-byte global signature. Decides whether a text is such a file; a
 * garbled or truncated one is refused saying which line is wrong.
 *
 * @param prehashed true for algorithm "ED" (signature over BLAKE2b-512 of the file), false for legacy "Ed"
 * @param keyId the 8 key-id bytes
 * @param signature the 64-byte signature of the file (or of its BLAKE2b-512 hash)
 * @param trustedComment the text after {@code "trusted comment: "}
 * @param globalSignature the 64-byte signature over signature || trusted comment
 */
public record MinisignSignature(
    boolean prehashed, byte[] keyId, byte[] signature, String trustedComment, byte[] globalSignature) {

  static final String TRUSTED_PREFIX = "trusted comment: ";

  public MinisignSignature {
    keyId = keyId.clone();
    signature = signature.clone();
    globalSignature = globalSignature.clone();
  }

  public static MinisignSignature parse(String text) throws VerificationRefused {
    List<String> lines = text.lines().toList();
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    if (lines.size() < 4) {
      throw garbled("expected 4 lines, found " + lines.size());
    }
    if (lines.size() > 4) {
      throw garbled("expected 4 lines, found " + lines.size());
    }
    if (!lines.get(0).startsWith("untrusted comment:")) {
      throw garbled("line 1 is not an untrusted comment");
    }
    byte[] sigLine = decode(lines.get(1).strip(), "line 2 (signature)");
    if (sigLine.length != 74) {
      throw garbled("line 2 (signature) holds " + sigLine.length + " bytes, expected 74");
    }
    boolean prehashed;
    if (sigLine[0] == 'E' && sigLine[1] == 'D') {
      prehashed = true;
    } else if (sigLine[0] == 'E' && sigLine[1] == 'd') {
      prehashed = false;
    } else {
      throw garbled("unknown signature algorithm '"
          + new String(sigLine, 0, 2, StandardCharsets.ISO_8859_1) + "' (expected ED or Ed)");
    }
    String trusted = lines.get(2);
    if (!trusted.startsWith(TRUSTED_PREFIX)) {
      throw garbled("line 3 is not a trusted comment");
    }
    byte[] global = decode(lines.get(3).strip(), "line 4 (global signature)");
    if (global.length != 64) {
      throw garbled("line 4 (global signature) holds " + global.length + " bytes, expected 64");
    }
    return new MinisignSignature(
        prehashed,
        Arrays.copyOfRange(sigLine, 2, 10),
        Arrays.copyOfRange(sigLine, 10, 74),
        trusted.substring(TRUSTED_PREFIX.length()),
        global);
  }

  private static byte[] decode(String line, String what) throws VerificationRefused {
    try {
      return Base64.getDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      throw garbled(what + " is not valid base64");
    }
  }

  private static VerificationRefused garbled(String detail) {
    return new VerificationRefused("signature file is garbled or truncated: " + detail);
  }

  /** The key id as minisign prints it. */
  public String keyIdHex() {
    return KeyIds.format(keyId);
  }

  /** "ED" or "Ed", as in the file. */
  public String algorithm() {
    return prehashed ? "ED" : "Ed";
  }

  /** What the global signature covers: the file signature followed by the trusted comment text. */
  public byte[] globalMessage() {
    byte[] comment = trustedComment.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[signature.length + comment.length];
    System.arraycopy(signature, 0, out, 0, signature.length);
    System.arraycopy(comment, 0, out, signature.length, comment.length);
    return out;
  }

  @Override
  public byte[] keyId() {
    return keyId.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public byte[] globalSignature() {
    return globalSignature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinisignSignature s && prehashed == s.prehashed && Arrays.equals(keyId, s.keyId)
        && Arrays.equals(signature, s.signature) && trustedComment.equals(s.trustedComment)
        && Arrays.equals(globalSignature, s.globalSignature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "MinisignSignature[" + algorithm() + " key " + keyIdHex() + ", trusted comment '" + trustedComment + "']";
  }
}
