package dev.relay.artifact.store;

import java.time.Instant;

/**
 * What the registry knows about one stored artifact, written to {@code records/<name>/<version>.json}.
 *
 * @param digest "sha256:" + lowercase hex of the bytes
 * @param keyId the key that signed it at import, as minisign prints it
 * @param trustedComment the signed trusted comment that binds name and version
 * @param signatureFormat always "minisign"
 */
public record ArtifactRecord(
    String name,
    String version,
    String digest,
    long size,
    String keyId,
    String trustedComment,
    String signatureFormat,
    Instant importedAt) {

  public static final String MINISIGN = "minisign";

  /** The lowercase hex part of the digest. */
  public String hex() {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
