package dev.relay.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.VerifyArtifact;
import dev.relay.contracts.Fact.*;
import dev.relay.contracts.Request.DeployRequested;
import dev.relay.contracts.Request.DeploymentAbortRequested;
import dev.relay.contracts.Signal.ComplianceSignal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Pins the wire format: every message type has a golden file, read into the expected object and written back to the
 * same JSON. Regenerate deliberately with -Dgolden.update=true and review the diff.
 */
class GoldenJsonTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final Instant T = Instant.parse("2026-12-03T10:06:00Z");
  static final Instant D = Instant.parse("2026-12-03T10:11:00Z");
  static final String DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  static Map<String, Message> samples() {
    Map<String, Message> m = new LinkedHashMap<>();
    m.put("DeployRequested", new DeployRequested("sandbox-node", "1.1.0", "ci:pipeline-42"));
    m.put("DeploymentAbortRequested", new DeploymentAbortRequested("operator stop", "alice"));
    m.put("RunGates", new RunGates(GatePhase.PRE_SWITCH, 2, "sandbox-node", "1.1.0", D, "blue"));
    m.put("VerifyArtifact", new VerifyArtifact("sandbox-node", "1.1.0"));
    m.put("DrainNode", new DrainNode("node-2", D));
    m.put("PatchNode", new PatchNode("node-2", "sandbox-node", "1.1.0", DIGEST, D));
    m.put("RejoinNode", new RejoinNode("node-2", "1.1.0", D));
    m.put("AwaitRebalance", new AwaitRebalance("node-3", D));
    m.put("RollbackNode", new RollbackNode("node-2", "1.0.0", D));
    m.put("AwaitGroupHealthy", new Command.AwaitGroupHealthy("green", D));
    m.put("SyncState", new Command.SyncState("blue", D));
    m.put("StopReplication", new Command.StopReplication("blue", D));
    m.put("SwitchTraffic", new Command.SwitchTraffic("green", D));
    m.put("WatchStability", new Command.WatchStability("green", java.time.Duration.ofMinutes(5), 0, D));
    m.put("DeploymentDeferred", new DeploymentDeferred(List.of("audit-7 (AUDIT_EXPORT on eu-1)"), D));
    m.put("DeploymentResumed", new DeploymentResumed("last compliance lock released"));
    m.put("DeploymentExpired", new DeploymentExpired("deferred past PT2H by audit-7"));
    m.put("DeploymentRolledBack", new DeploymentRolledBack("5xx on green during the stability window"));
    m.put("GroupHealthy", new GroupHealthy("green", 100));
    m.put("StateSynced", new StateSynced(0));
    m.put("ReplicationStopped", new ReplicationStopped());
    m.put("TrafficSwitched", new TrafficSwitched("green", 850));
    m.put("StabilityConfirmed", new StabilityConfirmed("green", 12000, 0));
    m.put("StabilityBreached", new StabilityBreached("green", "3 5xx responses on green"));
    m.put("ComplianceLockStale", new ComplianceLockStale("audit-7", "AUDIT_EXPORT", "eu-1", T));
    m.put("DeploymentRejected", new DeploymentRejected("unknown cluster 'nope'"));
    m.put("DeploymentStarted", new DeploymentStarted("sandbox-node", "1.1.0", 1, "rolling-update", List.of("node-1", "node-2")));
    m.put("StepStarted", new StepStarted("drain", "node-1"));
    m.put("DeploymentSucceeded", new DeploymentSucceeded("sandbox-node", "1.1.0", List.of("node-1", "node-2")));
    m.put("DeploymentFailed", new DeploymentFailed("patch of node-2 failed: digest mismatch", "node-2", List.of("node-3")));
    m.put("DeploymentAborted", new DeploymentAborted("gate cluster-health failed: 80% < 100%", List.of("node-1", "node-2")));
    m.put("GatePassed", new GatePassed(GatePhase.PRE_FLIGHT, "cluster-health", "100% >= 100%"));
    m.put("GateFailed", new GateFailed(GatePhase.PRE_FLIGHT, "cluster-health", "ABORT", "80% < 100%"));
    m.put("GatesEvaluated", new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("cluster-health"), "cluster-health: 80% < 100%"));
    m.put("ArtifactVerified", new ArtifactVerified("sandbox-node", "1.1.0", DIGEST, 1048576, "E2D0C2B8A1F3D4C5"));
    m.put("ArtifactRejected", new ArtifactRejected("sandbox-node", "1.1.0", "signature does not verify with key E2D0C2B8A1F3D4C5"));
    m.put("NodeDrained", new NodeDrained("node-2", "1.0.0", "3f9a0c1d2e4b5a67", "c0ffee00c0ffee00"));
    m.put("NodePatched", new NodePatched("node-2", "1.1.0", DIGEST, false));
    m.put("NodeRejoined", new NodeRejoined("node-2", "1.1.0", "3f9a0c1d2e4b5a67", "c0ffee00c0ffee00"));
    m.put("RebalanceComplete", new RebalanceComplete(100));
    m.put("ClusterHealthObserved", new ClusterHealthObserved(97, List.of("node-4"), List.of("node-4: disk slow")));
    m.put("NodeRolledBack", new NodeRolledBack("node-2", "1.0.0"));
    m.put("NodeCommandFailed", new NodeCommandFailed("node-2", "PatchNode", "digest mismatch"));
    m.put("ComplianceLockAcquired", new ComplianceLockAcquired("audit-7", "AUDIT_EXPORT", "eu-1"));
    m.put("ComplianceLockReleased", new ComplianceLockReleased("audit-7", "AUDIT_EXPORT", "eu-1", "END signal"));
    m.put("ComplianceSignal", new ComplianceSignal("audit-7", "AUDIT_EXPORT", "START", "eu-1"));
    return m;
  }

  static Envelope envelope(Message payload) {
    return new Envelope(
        "11111111-2222-3333-4444-555555555555", 1, "d-0001", "eu-1", T, "00000000-0000-0000-0000-000000000000", payload);
  }

  @Test
  void everyTypeHasASampleAndAGoldenFile() {
    assertThat(samples().keySet()).containsExactlyInAnyOrderElementsOf(Messages.typeNames());
    for (String name : Messages.typeNames()) {
      assertThat(GOLDEN.resolve(name + ".json")).as("golden file for " + name).exists();
    }
  }

  @TestFactory
  List<DynamicTest> goldenFilesReadAndWriteBothWays() throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      for (var e : samples().entrySet()) {
        Files.writeString(
            GOLDEN.resolve(e.getKey() + ".json"),
            Messages.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(envelope(e.getValue())) + "\n");
      }
    }
    return samples().entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
          String golden = Files.readString(GOLDEN.resolve(e.getKey() + ".json"));
          Envelope expected = envelope(e.getValue());
          // golden -> object
          assertThat(Messages.read(golden)).isEqualTo(expected);
          // object -> golden (as a tree: key order and whitespace do not matter)
          JsonNode written = Messages.mapper().readTree(Messages.write(expected));
          assertThat(written).isEqualTo(Messages.mapper().readTree(golden));
          assertThat(written.get("payload").get("type").asText()).isEqualTo(e.getKey());
        }))
        .toList();
  }

  @Test
  void exactlyTheSixEndingsAreTerminal() {
    List<String> terminal = java.util.Arrays.stream(Fact.class.getPermittedSubclasses())
        .filter(Fact.Terminal.class::isAssignableFrom).map(c -> Messages.typeName(c.asSubclass(Message.class))).sorted()
        .toList();
    assertThat(terminal).containsExactly("DeploymentAborted", "DeploymentExpired", "DeploymentFailed",
        "DeploymentRejected", "DeploymentRolledBack", "DeploymentSucceeded");
  }

  @Test
  void aRunGatesWrittenBeforeItsGroupExistedStillReads() {
    String old = "{\"eventId\":\"e\",\"schemaVersion\":1,\"deploymentId\":\"d\",\"clusterId\":\"eu-1\","
        + "\"time\":\"2026-12-03T10:06:00Z\",\"payload\":{\"type\":\"RunGates\",\"phase\":\"PRE_FLIGHT\","
        + "\"tier\":1,\"artifact\":\"sandbox-node\",\"version\":\"1.1.0\",\"deadline\":\"2026-12-03T10:11:00Z\"}}";
    assertThat(Messages.read(old).payload()).isEqualTo(new RunGates(GatePhase.PRE_FLIGHT, 1, "sandbox-node", "1.1.0",
        Instant.parse("2026-12-03T10:11:00Z"), null));
  }

  @Test
  void malformedRecordsAreRefusedWithAReason() {
    assertThatThrownBy(() -> Messages.read("{not json")).isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("not a valid envelope");
    assertThatThrownBy(() -> Messages.read("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Messages.read(
            "{\"eventId\":\"x\",\"schemaVersion\":1,\"time\":\"2026-12-03T10:06:00Z\",\"payload\":{\"type\":\"Nope\"}}"))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("Nope");
    assertThatThrownBy(() -> Messages.read(
            "{\"eventId\":\"x\",\"schemaVersion\":9,\"time\":\"2026-12-03T10:06:00Z\",\"payload\":{\"type\":\"RebalanceComplete\",\"healthPercent\":100}}"))
        .hasMessageContaining("schemaVersion 9");
    assertThatThrownBy(() -> Messages.read("{\"eventId\":\"x\",\"schemaVersion\":1,\"time\":\"2026-12-03T10:06:00Z\"}"))
        .hasMessageContaining("payload");
  }

  @Test
  void clusterRegistryRefusesBadProfilesByName() {
    assertThatThrownBy(() -> new ClusterRegistry(List.of(new ClusterProfile("a", null, "sandbox", List.of()))))
        .hasMessageContaining("cluster #1 'a': missing plan").hasMessageContaining("no nodes");
    var ok = new ClusterRegistry(List.of(new ClusterProfile("a", "SME", "sandbox",
        List.of(new ClusterProfile.Node("n1", "http://127.0.0.1:1")))));
    assertThat(ok.find("a").orElseThrow().planTier()).contains(1);
    assertThat(new ClusterProfile("b", "Gov", "sandbox", List.of()).planTier()).contains(2);
    assertThat(new ClusterProfile("b", "Gold", "sandbox", List.of()).planTier()).isEmpty();
  }
}
