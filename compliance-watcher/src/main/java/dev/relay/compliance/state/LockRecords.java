package dev.relay.compliance.state;

import dev.relay.compliance.lock.HeldLock;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Decides how a held lock reads back from its {@code compliance.locks} record (key = lock id). The value is the
 * envelope of the lock's ComplianceLockAcquired (live) or of its latest ComplianceLockStale (stale); a null value is a
 * released lock. The record also carries the lock's acquisition time in the {@value #ACQUIRED_AT} header, because a
 * stale envelope does not say it.
 */
public final class LockRecords {

  /** Header with the lock's acquisition time (ISO-8601) on every value record of compliance.locks. */
  public static final String ACQUIRED_AT = "relay-acquired-at";

  /** Kind given to a lock whose state record cannot be read: it is held on every cluster until overridden. */
  public static final String UNREADABLE = "UNREADABLE";

  private LockRecords() {}

  /**
   * @param acquiredAtHeader the {@value #ACQUIRED_AT} header's text, or null
   * @throws MalformedMessageException when the value is not a lock's envelope for this key
   */
  public static HeldLock read(String key, String value, String acquiredAtHeader) {
    Envelope e = Messages.read(value);
    Instant acquiredAt = acquiredAt(acquiredAtHeader, e.time());
    if (e.payload() instanceof Fact.ComplianceLockAcquired a) {
      checkKey(key, a.lockId());
      return new HeldLock(a.lockId(), a.kind(), a.scope(), acquiredAt, e.time(), false);
    }
    if (e.payload() instanceof Fact.ComplianceLockStale s) {
      checkKey(key, s.lockId());
      Instant last = s.lastSignalAt() != null ? s.lastSignalAt() : e.time();
      return new HeldLock(s.lockId(), s.kind(), s.scope(), acquiredAt, last, true);
    }
    throw new MalformedMessageException("expected ComplianceLockAcquired or ComplianceLockStale, got " + e.type());
  }

  /** A lock whose record could not be read: held globally (fail closed) until its END or an override. */
  public static HeldLock unreadable(String key, Instant now) {
    return new HeldLock(key, UNREADABLE, HeldLock.GLOBAL, now, now, false);
  }

  private static void checkKey(String key, String lockId) {
    if (!lockId.equals(key)) {
      throw new MalformedMessageException("record keyed " + key + " carries lock " + lockId);
    }
  }

  private static Instant acquiredAt(String header, Instant fallback) {
    if (header == null) {
      return fallback;
    }
    try {
      return Instant.parse(header);
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }
}
