package dev.relay.artifact.store;

/**
 * The outcome of one import: stored now, already stored (same name, version, bytes and key), re-signed (same name,
 * version and bytes, now vouched for by another key or format: the new signature replaces the old), or refused with a
 * reason.
 */
public sealed interface ImportResult {

  record Imported(ArtifactRecord record) implements ImportResult {}

  record AlreadyPresent(ArtifactRecord record) implements ImportResult {}

  record Resigned(ArtifactRecord record) implements ImportResult {}

  record Refused(String reason) implements ImportResult {}
}
