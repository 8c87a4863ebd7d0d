package dev.relay.artifact.store;

/** The outcome of re-verifying a stored artifact now: verified, refused with a reason, or not in the registry. */
public sealed interface StoredVerification {

  record Verified(String name, String version, String digest, long size, String keyId) implements StoredVerification {}

  record Refused(String name, String version, String reason) implements StoredVerification {}

  record Unknown(String name, String version, String reason) implements StoredVerification {}
}
