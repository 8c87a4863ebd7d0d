package dev.relay.artifact.verify;

import dev.relay.artifact.signature.MinisignPublicKey;
import dev.relay.artifact.signature.MinisignSignature;
import dev.relay.artifact.signature.MinisignVerifier;
import dev.relay.artifact.signature.TrustStore;
import dev.relay.artifact.signature.TrustedComment;
import dev.relay.artifact.signature.VerificationRefused;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Decides whether a file is authentic: its minisign signature parses, names a key of the trust store, holds over the
 * file, its global signature holds over the trusted comment, and that comment binds the asked name and version. Reads
 * the file once, computing SHA-256 and what the signature covers in the same pass. Every refusal says why.
 */
public final class ArtifactVerifier {

  /** Larger signature files are refused unread: a real one is a few hundred bytes. */
  public static final long MAX_SIGNATURE_BYTES = 64 * 1024;

  private static final int BUFFER = 64 * 1024;

  private final TrustStore trust;

  public ArtifactVerifier(TrustStore trust) {
    this.trust = trust;
  }

  public TrustStore trustStore() {
    return trust;
  }

  /**
   * @param askedName the name the caller expects, or null to take the one the trusted comment names
   * @param askedVersion likewise for the version
   */
  public VerifiedArtifact verify(Path file, Path signatureFile, String askedName, String askedVersion)
      throws VerificationRefused, IOException {
    MinisignSignature sig = MinisignSignature.parse(readSignature(signatureFile));
    MinisignPublicKey key = trust.require(sig.keyIdHex());
    MinisignVerifier check = new MinisignVerifier(sig, key);
    MessageDigest sha256 = sha256();
    long size = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        check.update(buffer, 0, n);
        size += n;
      }
    }
    boolean fileOk = check.fileSignatureValid();
    boolean globalOk = check.globalSignatureValid();
    String keyId = key.keyIdHex();
    if (!fileOk && !globalOk) {
      throw new VerificationRefused("wrong key: neither the file signature nor the global signature verifies with "
          + "trusted key " + keyId + ", so the signature was not made by that key");
    }
    if (!fileOk) {
      throw new VerificationRefused("tampered file: its bytes do not match the signature of key " + keyId
          + " (altered, or the signature belongs to another file)");
    }
    if (!globalOk) {
      throw new VerificationRefused("global signature invalid: the trusted comment '" + sig.trustedComment()
          + "' was not signed by key " + keyId + " (edited after signing)");
    }
    TrustedComment binding = TrustedComment.parse(sig.trustedComment());
    binding.requireMatches(askedName, askedVersion);
    return new VerifiedArtifact(binding.name(), binding.version(), HexFormat.of().formatHex(sha256.digest()), size,
        keyId, sig.trustedComment());
  }

  /** SHA-256 of a file, lowercase hex, streamed. */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest sha256 = sha256();
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static String readSignature(Path signatureFile) throws VerificationRefused, IOException {
    if (!Files.isRegularFile(signatureFile)) {
      throw new VerificationRefused("signature file " + signatureFile.getFileName() + " is missing");
    }
    if (Files.size(signatureFile) > MAX_SIGNATURE_BYTES) {
      throw new VerificationRefused("signature file is garbled: " + Files.size(signatureFile)
          + " bytes, a minisign signature is far smaller");
    }
    return new String(Files.readAllBytes(signatureFile), StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
