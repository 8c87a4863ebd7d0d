package dev.relay.compliance.lock;

import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Signal.ComplianceSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The held locks, and what each input means for them. Signals: START of a new lock acquires it; START or HEARTBEAT
 * of a held lock refreshes it (and, if it was stale, announces it again with ComplianceLockAcquired); a HEARTBEAT of a
 * lock not held acquires it (fail closed: a lock the compliance system still reports counts as held); END of a held
 * lock releases it; END of a lock not held changes nothing; a START or HEARTBEAT naming a held lock with another kind
 * or scope is refused. Time: a lock quiet for longer than stale-after is marked stale once, never released. Operator:
 * an override releases a held lock, naming who and why.
 *
 * <p>The {@code plan*} methods change nothing; {@link #commit} applies a change once its facts are published.
 */
public final class LockBook {

  private final Map<String, HeldLock> held = new ConcurrentHashMap<>();

  /** Replaces the book's content with locks read back from the state topic. */
  public void restore(Collection<HeldLock> locks) {
    held.clear();
    locks.forEach(l -> held.put(l.lockId(), l));
  }

  public LockChange plan(ComplianceSignal s, Instant now) {
    HeldLock current = held.get(s.lockId());
    switch (s.action()) {
      case "START", "HEARTBEAT" -> {
        if (current == null) {
          HeldLock lock = new HeldLock(s.lockId(), s.kind(), s.scope(), now, now, false);
          return new LockChange(s.lockId(), lock, acquired(lock));
        }
        if (!current.kind().equals(s.kind()) || !current.scope().equals(s.scope())) {
          throw new MalformedMessageException("ComplianceSignal " + s.action() + " for lock " + s.lockId() + " says "
              + s.kind() + " on " + s.scope() + ", but the lock is held as " + current.kind() + " on "
              + current.scope());
        }
        HeldLock refreshed = current.signalled(now);
        return new LockChange(s.lockId(), refreshed, current.stale() ? acquired(refreshed) : null);
      }
      case "END" -> {
        if (current == null) {
          return new LockChange(s.lockId(), null, null);
        }
        return new LockChange(s.lockId(), null, released(current, "END signal"));
      }
      default -> throw new MalformedMessageException("unknown action " + s.action());
    }
  }

  /** An operator's override of a held lock; empty when the lock is not held. */
  public Optional<LockChange> planOverride(String lockId, String operator, String reason) {
    HeldLock current = held.get(lockId);
    if (current == null) {
      return Optional.empty();
    }
    return Optional.of(new LockChange(lockId, null,
        released(current, "override by " + operator + ": " + reason)));
  }

  /**
   * The locks that went quiet: not stale yet, and no signal for longer than {@code staleAfter} since the later of
   * their last signal and {@code watchingSince} (a watcher does not blame a lock for silence it did not witness).
   */
  public List<LockChange> planStale(Instant now, Duration staleAfter, Instant watchingSince) {
    List<LockChange> changes = new ArrayList<>();
    for (HeldLock l : held()) {
      Instant quietSince = l.lastSignalAt().isAfter(watchingSince) ? l.lastSignalAt() : watchingSince;
      if (!l.stale() && Duration.between(quietSince, now).compareTo(staleAfter) > 0) {
        changes.add(new LockChange(l.lockId(), l.markedStale(),
            new Fact.ComplianceLockStale(l.lockId(), l.kind(), l.scope(), l.lastSignalAt())));
      }
    }
    return changes;
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

  /** The held locks that hold one cluster: its own and the global ones, oldest first. */
  public List<HeldLock> holding(String cluster) {
    return held().stream().filter(l -> l.holds(cluster)).toList();
  }

  private static Fact.ComplianceLockAcquired acquired(HeldLock l) {
    return new Fact.ComplianceLockAcquired(l.lockId(), l.kind(), l.scope());
  }

  private static Fact.ComplianceLockReleased released(HeldLock l, String by) {
    return new Fact.ComplianceLockReleased(l.lockId(), l.kind(), l.scope(), by);
  }
}
