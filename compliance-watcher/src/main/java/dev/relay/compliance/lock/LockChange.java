package dev.relay.compliance.lock;

import dev.relay.contracts.Fact;

/**
 * What a signal does to the held locks: the lock as it will be (null when released), and the fact to publish
 * (null when nothing observable changes, e.g. a heartbeat of a held lock).
 */
public record LockChange(String lockId, HeldLock after, Fact fact) {}
