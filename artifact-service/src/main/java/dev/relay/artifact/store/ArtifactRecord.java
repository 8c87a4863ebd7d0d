package dev.relay.artifact.store;

import java.time.Instant;

/**
 * What the registry knows about one stored artifact, written to {@code records/<name>/<version>.json}.
 *
 * @param digest "sha256:" + lowercase hex of the bytes
 * @param keyId the trust-store key that signed it (as checked at import; every verification checks it again now)
 * @param trustedComment the signed minisign trusted comment that binds name and version, or null
 * @param signatureFormat "minisign", "signify", "openssl" or "statement"
 * @param statement the signed statement's text (signify, openssl, statement), or null
 * @param signatureSet which stored signature files belong to this record ({@code signatures/<hex>-<set>.*}); null
 *     for records of the first layout ({@code signatures/<hex>.minisig})
 */
public record ArtifactRecord(
    String name,
    String version,
    String digest,
    long size,
    String keyId,
    String trustedComment,
    String signatureFormat,
    Instant importedAt,
    String statement,
    String signatureSet) {

  /** The lowercase hex part of the digest. */
  public String hex() {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
