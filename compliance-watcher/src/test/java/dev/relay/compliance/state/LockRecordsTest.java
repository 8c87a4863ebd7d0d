package dev.relay.compliance.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.compliance.lock.HeldLock;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockRecordsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(600);

  private static String json(Fact f, Instant at) {
    return Messages.write(Envelope.of(null, "c1", at, f));
  }

  @Test
  void anAcquiredRecordIsALiveLock() {
    HeldLock l = LockRecords.read("L1", json(new Fact.ComplianceLockAcquired("L1", "LEGAL_HOLD", "c1"), T1),
        T0.toString());
    assertThat(l).isEqualTo(new HeldLock("L1", "LEGAL_HOLD", "c1", T0, T1, false));
  }

  @Test
  void aStaleRecordIsAStaleLockWithItsLastSignal() {
    HeldLock l = LockRecords.read("L1", json(new Fact.ComplianceLockStale("L1", "AUDIT_EXPORT", "*", T0), T1),
        T0.minusSeconds(5).toString());
    assertThat(l).isEqualTo(new HeldLock("L1", "AUDIT_EXPORT", "*", T0.minusSeconds(5), T0, true));
  }

  @Test
  void withoutTheHeaderTheEnvelopeTimeIsTheAcquisition() {
    HeldLock l = LockRecords.read("L1", json(new Fact.ComplianceLockAcquired("L1", "LEGAL_HOLD", "c1"), T1), null);
    assertThat(l.acquiredAt()).isEqualTo(T1);
  }

  @Test
  void otherRecordsAreRefusedByName() {
    assertThatThrownBy(() -> LockRecords.read("L1", "{nope", null)).isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> LockRecords.read("L2",
        json(new Fact.ComplianceLockAcquired("L1", "LEGAL_HOLD", "c1"), T1), null))
        .hasMessageContaining("record keyed L2 carries lock L1");
    assertThatThrownBy(() -> LockRecords.read("L1",
        json(new Fact.ComplianceLockReleased("L1", "LEGAL_HOLD", "c1", "x"), T1), null))
        .hasMessageContaining("got ComplianceLockReleased");
    assertThat(LockRecords.unreadable("L9", T1)).isEqualTo(new HeldLock("L9", "UNREADABLE", "*", T1, T1, false));
  }
}
