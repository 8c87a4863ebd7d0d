package dev.relay.compliance.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Signal.ComplianceSignal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockBookTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final LockBook book = new LockBook();

  private LockChange apply(String action, String scope, Instant at) {
    LockChange c = book.plan(new ComplianceSignal("L1", "LEGAL_HOLD", action, scope), at);
    book.commit(c);
    return c;
  }

  @Test
  void startAcquiresOnceAndEndReleases() {
    assertThat(apply("START", "c1", T0).fact()).isEqualTo(new Fact.ComplianceLockAcquired("L1", "LEGAL_HOLD", "c1"));
    assertThat(apply("START", "c1", T0.plusSeconds(1)).fact()).as("repeated START").isNull();
    assertThat(apply("HEARTBEAT", "c1", T0.plusSeconds(2)).fact()).isNull();
    assertThat(book.held()).singleElement().satisfies(l -> {
      assertThat(l.acquiredAt()).isEqualTo(T0);
      assertThat(l.lastSignalAt()).isEqualTo(T0.plusSeconds(2));
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
