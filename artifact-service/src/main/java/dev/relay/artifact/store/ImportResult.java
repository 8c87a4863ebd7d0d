package dev.relay.artifact.store;

/** The outcome of one import: stored now, already stored (same name, version and bytes), or refused with a reason. */
public sealed interface ImportResult {

  record Imported(ArtifactRecord record) implements ImportResult {}

  record AlreadyPresent(ArtifactRecord record) implements ImportResult {}

  record Refused(String reason) implements ImportResult {}
}
