package dev.relay.artifact.verify;

/**
 * What a successful verification established.
 *
 * @param name artifact name bound by the trusted comment
 * @param version version bound by the trusted comment
 * @param sha256Hex SHA-256 of the verified bytes, lowercase hex
 * @param size number of bytes
 * @param keyId the trusted key that signed, as minisign prints it
 * @param trustedComment the signed trusted comment
 */
public record VerifiedArtifact(
    String name, String version, String sha256Hex, long size, String keyId, String trustedComment) {

  public String digest() {
    return "sha256:" + sha256Hex;
  }
}
