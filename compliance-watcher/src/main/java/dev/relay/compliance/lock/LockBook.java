package dev.relay.compliance.lock;

import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Signal.ComplianceSignal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The held locks, in memory. Decides what a (checked) signal means: START of a new lock acquires it; START or
 * HEARTBEAT of a held lock refreshes it; a HEARTBEAT of a lock not held acquires it (fail closed: a lock the
 * compliance system is still holding counts as held); END of a held lock releases it; END of a lock not held changes
 * nothing. A START that names a held lock with another kind or scope is refused.
 *
 * <p>{@link #plan} does not change anything; {@link #commit} applies the change once its facts are published.
 */
public final class LockBook {

  private final Map<String, HeldLock> held = new ConcurrentHashMap<>();

  public LockChange plan(ComplianceSignal s, Instant now) {
    HeldLock current = held.get(s.lockId());
    switch (s.action()) {
      case "START", "HEARTBEAT" -> {
        if (current == null) {
          HeldLock lock = new HeldLock(s.lockId(), s.kind(), s.scope(), now, now);
          return new LockChange(s.lockId(), lock, new Fact.ComplianceLockAcquired(s.lockId(), s.kind(), s.scope()));
        }
        if (!current.kind().equals(s.kind()) || !current.scope().equals(s.scope())) {
          throw new MalformedMessageException("ComplianceSignal " + s.action() + " for lock " + s.lockId() + " says "
              + s.kind() + " on " + s.scope() + ", but the lock is held as " + current.kind() + " on "
              + current.scope());
        }
        return new LockChange(s.lockId(),
            new HeldLock(current.lockId(), current.kind(), current.scope(), current.acquiredAt(), now), null);
      }
      case "END" -> {
        if (current == null) {
          return new LockChange(s.lockId(), null, null);
        }
        return new LockChange(s.lockId(), null, new Fact.ComplianceLockReleased(current.lockId(), current.kind(),
            current.scope(), "END signal"));
      }
      default -> throw new MalformedMessageException("unknown action " + s.action());
    }
  }

  public void commit(LockChange change) {
    if (change.after() == null) {
      held.remove(change.lockId());
    } else {
      held.put(change.lockId(), change.after());
    }
  }

  /** The held locks, oldest first. */
  public List<HeldLock> held() {
    return held.values().stream().sorted(Comparator.comparing(HeldLock::acquiredAt).thenComparing(HeldLock::lockId))
        .toList();
  }
}
