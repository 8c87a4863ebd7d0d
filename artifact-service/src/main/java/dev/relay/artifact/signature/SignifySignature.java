package dev.relay.artifact.signature;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A detached signify signature ({@code signify-openbsd -S -m FILE -x FILE.sig}): {@code untrusted comment: ...}, then
 * base64 of "Ed" + 8-byte key number + 64-byte Ed25519 signature over the message itself. The untrusted comment is
 * never used for anything. An embedded signature ({@code -e}, message after the two lines) and anything garbled or
 * truncated is refused saying what is wrong.
 */
public record SignifySignature(byte[] keyNumber, byte[] signature) {

  public SignifySignature {
    keyNumber = keyNumber.clone();
    signature = signature.clone();
  }

  public static SignifySignature parse(byte[] bytes, String what) throws VerificationRefused {
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    if (lines.size() != 2) {
      throw garbled(what, "expected 2 lines, found " + lines.size()
          + (lines.size() > 2 ? " (embedded signatures, signify -e, are not accepted)" : ""));
    }
    if (!lines.get(0).startsWith("untrusted comment:")) {
      throw garbled(what, "line 1 is not an untrusted comment");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(lines.get(1).strip());
    } catch (IllegalArgumentException e) {
      throw garbled(what, "line 2 (signature) is not valid base64");
    }
    if (raw.length != 74) {
      throw garbled(what, "line 2 (signature) holds " + raw.length + " bytes, expected 74");
    }
    if (raw[0] != 'E' || raw[1] != 'd') {
      throw garbled(what, "signature algorithm is not Ed");
    }
    return new SignifySignature(Arrays.copyOfRange(raw, 2, 10), Arrays.copyOfRange(raw, 10, 74));
  }

  private static VerificationRefused garbled(String what, String detail) {
    return new VerificationRefused(what + " is garbled or truncated: " + detail);
  }

  public String keyIdHex() {
    return KeyIds.format(keyNumber);
  }

  @Override
  public byte[] keyNumber() {
    return keyNumber.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignifySignature s && Arrays.equals(keyNumber, s.keyNumber)
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignifySignature[key " + keyIdHex() + "]";
  }
}
