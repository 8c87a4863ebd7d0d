package dev.relay.compliance.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Signal.ComplianceSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockBookTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STALE = Duration.ofMinutes(5);
  private final LockBook book = new LockBook();

  private LockChange apply(String action, String scope, Instant at) {
    LockChange c = book.plan(new ComplianceSignal("L1", "LEGAL_HOLD", action, scope), at);
    book.commit(c);
    return c;
  }

  private List<LockChange> staleAt(Instant now, Instant since) {
    List<LockChange> changes = book.planStale(now, STALE, since);
    changes.forEach(book::commit);
    return changes;
  }

  @Test
  void startAcquiresOnceAndEndReleases() {
    assertThat(apply("START", "c1", T0).fact()).isEqualTo(new Fact.ComplianceLockAcquired("L1", "LEGAL_HOLD", "c1"));
    assertThat(apply("START", "c1", T0.plusSeconds(1)).fact()).as("repeated START").isNull();
    assertThat(apply("HEARTBEAT", "c1", T0.plusSeconds(2)).fact()).isNull();
    assertThat(book.held()).singleElement().satisfies(l -> {
      assertThat(l.acquiredAt()).isEqualTo(T0);
      assertThat(l.lastSignalAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(l.stale()).isFalse();
    });
    assertThat(apply("END", "c1", T0.plusSeconds(3)).fact())
        .isEqualTo(new Fact.ComplianceLockReleased("L1", "LEGAL_HOLD", "c1", "END signal"));
    assertThat(book.held()).isEmpty();
    assertThat(apply("END", "c1", T0.plusSeconds(4)).fact()).as("END of a lock not held").isNull();
  }

  @Test
  void heartbeatOfAnUnknownLockAcquiresIt() {
    assertThat(apply("HEARTBEAT", "*", T0).fact()).isInstanceOf(Fact.ComplianceLockAcquired.class);
    assertThat(book.held()).extracting(HeldLock::scope).containsExactly("*");
  }

  @Test
  void planChangesNothingUntilCommitted() {
    book.plan(new ComplianceSignal("L1", "LEGAL_HOLD", "START", "c1"), T0);
    assertThat(book.held()).isEmpty();
  }

  @Test
  void startWithAnotherScopeForAHeldLockIsRefused() {
    apply("START", "c1", T0);
    assertThatThrownBy(() -> book.plan(new ComplianceSignal("L1", "LEGAL_HOLD", "START", "c2"), T0))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("held as LEGAL_HOLD on c1");
  }

  @Test
  void aQuietLockIsReportedStaleOnceAndStaysHeld() {
    apply("START", "c1", T0);
    assertThat(staleAt(T0.plus(STALE), T0)).as("exactly stale-after is not past it").isEmpty();
    List<LockChange> first = staleAt(T0.plus(STALE).plusSeconds(1), T0);
    assertThat(first).singleElement().satisfies(c -> {
      assertThat(c.fact()).isEqualTo(new Fact.ComplianceLockStale("L1", "LEGAL_HOLD", "c1", T0));
      assertThat(c.after().stale()).isTrue();
    });
    assertThat(staleAt(T0.plus(STALE.multipliedBy(10)), T0)).as("reported once").isEmpty();
    assertThat(book.held()).singleElement().satisfies(l -> assertThat(l.stale()).isTrue());
  }

  @Test
  void aStaleLockThatSignalsAgainIsAnnouncedAgainAndCanGoStaleAgain() {
    apply("START", "c1", T0);
    staleAt(T0.plus(STALE).plusSeconds(1), T0);
    Instant back = T0.plus(STALE).plusSeconds(30);
    assertThat(apply("HEARTBEAT", "c1", back).fact())
        .isEqualTo(new Fact.ComplianceLockAcquired("L1", "LEGAL_HOLD", "c1"));
    assertThat(book.held()).singleElement().satisfies(l -> {
      assertThat(l.stale()).isFalse();
      assertThat(l.acquiredAt()).isEqualTo(T0);
    });
    assertThat(staleAt(back.plus(STALE).plusSeconds(1), T0)).hasSize(1);
  }

  @Test
  void aWatcherDoesNotBlameSilenceItDidNotWitness() {
    book.restore(List.of(new HeldLock("L1", "AUDIT_EXPORT", "*", T0, T0, false)));
    Instant restart = T0.plus(STALE.multipliedBy(3));
    assertThat(staleAt(restart.plusSeconds(1), restart)).isEmpty();
    assertThat(staleAt(restart.plus(STALE).plusSeconds(1), restart)).singleElement()
        .satisfies(c -> assertThat(((Fact.ComplianceLockStale) c.fact()).lastSignalAt()).isEqualTo(T0));
  }

  @Test
  void overrideReleasesAHeldLockNamingTheOperator() {
    apply("START", "c1", T0);
    assertThat(book.planOverride("nope", "alice", "why")).isEmpty();
    LockChange c = book.planOverride("L1", "alice", "worker died").orElseThrow();
    assertThat(c.fact()).isEqualTo(
        new Fact.ComplianceLockReleased("L1", "LEGAL_HOLD", "c1", "override by alice: worker died"));
    assertThat(book.held()).as("not applied until committed").hasSize(1);
    book.commit(c);
    assertThat(book.held()).isEmpty();
  }

  @Test
  void holdingAClusterMeansItsOwnLocksAndTheGlobalOnes() {
    book.restore(List.of(
        new HeldLock("a", "LEGAL_HOLD", "c1", T0, T0, false),
        new HeldLock("b", "AUDIT_EXPORT", "*", T0.plusSeconds(1), T0, false),
        new HeldLock("c", "LEGAL_HOLD", "c2", T0.plusSeconds(2), T0, true)));
    assertThat(book.holding("c1")).extracting(HeldLock::lockId).containsExactly("a", "b");
    assertThat(book.holding("c2")).extracting(HeldLock::lockId).containsExactly("b", "c");
    assertThat(book.holding("c3")).extracting(HeldLock::lockId).containsExactly("b");
  }

  @Test
  void badSignalsAreRefusedByName() {
    assertThatThrownBy(() -> SignalCheck.check(new ComplianceSignal("L", "PARTY", "START", "c1")))
        .hasMessageContaining("unknown kind 'PARTY'");
    assertThatThrownBy(() -> SignalCheck.check(new ComplianceSignal("L", "AUDIT_EXPORT", "PAUSE", "c1")))
        .hasMessageContaining("unknown action 'PAUSE'");
    assertThatThrownBy(() -> SignalCheck.check(new ComplianceSignal(" ", "AUDIT_EXPORT", "START", "c1")))
        .hasMessageContaining("no lockId");
    assertThatThrownBy(() -> SignalCheck.check(new ComplianceSignal("L", "AUDIT_EXPORT", "START", null)))
        .hasMessageContaining("no scope");
  }
}
