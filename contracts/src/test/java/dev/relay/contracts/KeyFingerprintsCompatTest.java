package dev.relay.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.contracts.Fact.NodeRejoined;
import org.junit.jupiter.api.Test;

/** NodeDrained and NodeRejoined from before they carried key fingerprints still read, with null fingerprints. */
class KeyFingerprintsCompatTest {

  private static String envelope(String payload) {
    return "{\"eventId\":\"11111111-2222-3333-4444-555555555555\",\"schemaVersion\":1,\"deploymentId\":\"d-1\","
        + "\"clusterId\":\"eu-1\",\"time\":\"2026-12-03T10:06:00Z\",\"payload\":" + payload + "}";
  }

  @Test
  void oldNodeDrainedReadsWithoutFingerprints() {
    Envelope e = Messages.read(envelope("{\"type\":\"NodeDrained\",\"node\":\"node-2\",\"runningVersion\":\"1.0.0\"}"));
    assertThat(e.payload()).isEqualTo(new NodeDrained("node-2", "1.0.0", null, null));
  }

  @Test
  void oldNodeRejoinedReadsWithoutFingerprints() {
    Envelope e = Messages.read(envelope("{\"type\":\"NodeRejoined\",\"node\":\"node-2\",\"version\":\"1.1.0\"}"));
    assertThat(e.payload()).isEqualTo(new NodeRejoined("node-2", "1.1.0"));
  }
}
