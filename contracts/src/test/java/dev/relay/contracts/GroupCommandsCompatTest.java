package dev.relay.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Command.StopReplication;
import dev.relay.contracts.Command.SyncState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SyncState and StopReplication from before they named their group still read, as "green". */
class GroupCommandsCompatTest {

  private static String envelope(String payload) {
    return "{\"eventId\":\"11111111-2222-3333-4444-555555555555\",\"schemaVersion\":1,\"deploymentId\":\"d-1\","
        + "\"clusterId\":\"eu-1\",\"time\":\"2026-12-03T10:06:00Z\",\"payload\":" + payload + "}";
  }

  @Test
  void oldGroupCommandsMeanGreen() {
    Instant d = Instant.parse("2026-12-03T10:11:00Z");
    assertThat(Messages.read(envelope("{\"type\":\"SyncState\",\"deadline\":\"2026-12-03T10:11:00Z\"}")).payload())
        .isEqualTo(new SyncState("green", d));
    assertThat(Messages.read(envelope("{\"type\":\"StopReplication\",\"deadline\":\"2026-12-03T10:11:00Z\"}"))
        .payload()).isEqualTo(new StopReplication("green", d));
  }
}
