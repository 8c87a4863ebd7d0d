package dev.relay.compliance.lock;

import java.time.Instant;

/**
 * A compliance lock the watcher holds.
 *
 * @param kind LEGAL_HOLD or AUDIT_EXPORT
 * @param scope a cluster id, or "*" for every cluster
 * @param acquiredAt when the START (or first signal) arrived
 * @param lastSignalAt when the last START or HEARTBEAT for it arrived
 */
public record HeldLock(String lockId, String kind, String scope, Instant acquiredAt, Instant lastSignalAt) {}
