package dev.relay.compliance.service;

import dev.relay.compliance.kafka.LockPublisher;
import dev.relay.compliance.lock.HeldLock;
import dev.relay.compliance.lock.LockBook;
import dev.relay.compliance.lock.LockChange;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Signal.ComplianceSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The service's one lock book and its single writer: signals, overrides and the stale check pass through here one at
 * a time, and each change is applied only after its records are acknowledged (a failed publish leaves the book as it
 * was). Nothing is decided before the held locks are restored from compliance.locks ({@link #ready()}).
 */
@ApplicationScoped
public class LockKeeper {

  private static final Logger LOG = Logger.getLogger(LockKeeper.class);

  private final LockBook book = new LockBook();
  private volatile Instant watchingSince;

  @Inject
  LockPublisher publisher;

  @Inject
  WatcherConfig config;

  /** Installs the restored locks; from now on the keeper answers and decides. */
  public synchronized void restored(List<HeldLock> locks, Instant since) {
    book.restore(locks);
    watchingSince = since;
  }

  public boolean ready() {
    return watchingSince != null;
  }

  public synchronized void onSignal(Envelope in, ComplianceSignal signal, Instant now) {
    requireReady();
    LockChange change = book.plan(signal, now);
    apply(change, in.deploymentId(), in.eventId(), now);
    if (change.publishes()) {
      LOG.infof("%s %s (%s on %s) on its %s signal", change.fact().getClass().getSimpleName(), signal.lockId(),
          signal.kind(), signal.scope(), signal.action());
    }
  }

  /** Releases a held lock on an operator's word; empty when the lock is not held. */
  public synchronized Optional<Fact.ComplianceLockReleased> override(String lockId, String operator, String reason,
      Instant now) {
    requireReady();
    Optional<LockChange> change = book.planOverride(lockId, operator, reason);
    if (change.isEmpty()) {
      return Optional.empty();
    }
    apply(change.get(), null, null, now);
    Fact.ComplianceLockReleased released = (Fact.ComplianceLockReleased) change.get().fact();
    LOG.warnf("compliance lock %s (%s on %s) RELEASED BY OPERATOR OVERRIDE: %s", lockId, released.kind(),
        released.scope(), released.releasedBy());
    return Optional.of(released);
  }

  /** Reports each lock that went quiet, once; it stays held. */
  public synchronized List<Fact.ComplianceLockStale> checkStale(Instant now) {
    if (!ready()) {
      return List.of();
    }
    List<Fact.ComplianceLockStale> raised = new ArrayList<>();
    for (LockChange change : book.planStale(now, config.staleAfter(), watchingSince)) {
      apply(change, null, null, now);
      Fact.ComplianceLockStale stale = (Fact.ComplianceLockStale) change.fact();
      LOG.warnf("STALE compliance lock %s (%s on %s): no signal since %s (stale after %s); it stays held until its "
          + "END or an operator override", stale.lockId(), stale.kind(), stale.scope(), stale.lastSignalAt(),
          config.staleAfter());
      raised.add(stale);
    }
    return raised;
  }

  public List<HeldLock> held() {
    requireReady();
    return book.held();
  }

  public List<HeldLock> holding(String cluster) {
    requireReady();
    return book.holding(cluster);
  }

  private void apply(LockChange change, String deploymentId, String causationId, Instant now) {
    if (change.publishes()) {
      String scope = LockPublisher.scopeOf(change.fact());
      Envelope out = new Envelope(Envelope.newId(), Envelope.SCHEMA_VERSION, deploymentId, scope, now, causationId,
          change.fact());
      publisher.publish(out, change.lockId(), change.after());
    }
    book.commit(change);
  }

  private void requireReady() {
    if (!ready()) {
      throw new NotReadyException();
    }
  }
}
