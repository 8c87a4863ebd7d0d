package dev.relay.artifact.verify;

/**
 * What a successful verification established.
 *
 * @param name artifact name bound by the signature (trusted comment or statement)
 * @param version version bound likewise
 * @param sha256Hex SHA-256 of the verified bytes, lowercase hex
 * @param size number of bytes
 * @param keyId the trusted key that signed, as the trust store names it
 * @param format "minisign", "signify", "openssl" or "statement"
 * @param trustedComment the signed minisign trusted comment, or null
 * @param statement the signed statement's text, or null
 */
public record VerifiedArtifact(String name, String version, String sha256Hex, long size, String keyId,
    String format, String trustedComment, String statement) {

  public String digest() {
    return "sha256:" + sha256Hex;
  }
}
