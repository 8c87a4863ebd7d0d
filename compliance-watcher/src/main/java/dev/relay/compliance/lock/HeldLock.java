package dev.relay.compliance.lock;

import java.time.Instant;

/**
 * A compliance lock the watcher holds.
 *
 * @param kind LEGAL_HOLD or AUDIT_EXPORT (UNREADABLE for a state record that could not be read: held on "*")
 * @param scope a cluster id, or "*" for every cluster
 * @param acquiredAt when the START (or first signal) arrived
 * @param lastSignalAt when the last START or HEARTBEAT for it arrived (as far as this watcher knows)
 * @param stale whether its heartbeats stopped and the stale alert was raised (cleared by its next signal)
 */
public record HeldLock(String lockId, String kind, String scope, Instant acquiredAt, Instant lastSignalAt,
    boolean stale) {

  /** The scope that holds every cluster. */
  public static final String GLOBAL = "*";

  /** Whether this lock holds the given cluster: its own scope or the global one. */
  public boolean holds(String cluster) {
    return GLOBAL.equals(scope) || scope.equals(cluster);
  }

  public HeldLock signalled(Instant at) {
    return new HeldLock(lockId, kind, scope, acquiredAt, at, false);
  }

  public HeldLock markedStale() {
    return new HeldLock(lockId, kind, scope, acquiredAt, lastSignalAt, true);
  }
}
