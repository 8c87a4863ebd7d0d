package dev.relay.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.contracts.Command.AwaitGroupHealthy;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.StopReplication;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Command.SyncState;
import dev.relay.contracts.Command.VerifyArtifact;
import dev.relay.contracts.Command.WatchStability;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.*;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Message;
import dev.relay.contracts.Topics;
import dev.relay.testkit.InProcessKafka;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Tier 2 installation over a real broker: the deployment reads compliance locks from the compacted topic, is
 * deferred while one is held, resumes when its tombstone arrives, and rolls back to blue on a breach. This test plays
 * the other services.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(BlueGreenOverKafkaTest.Tier2.class)
class BlueGreenOverKafkaTest {

  /** An installation whose DEPLOYMENT_TIER is 2, with its own Streams application id. */
  public static class Tier2 implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("relay.deployment-tier", "2",
          "quarkus.kafka-streams.application-id", "relay-orchestrator-tier2",
          "relay.tier2.stability-window", "3s");
    }
  }

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String D = "sha256:" + "ef".repeat(32);
  static TopicProbe probe;

  @BeforeAll
  static void probe() {
    probe = new TopicProbe(InProcessKafka.shared().bootstrapServers(), Topics.EVENTS, Topics.GATE_COMMANDS,
        Topics.ARTIFACT_COMMANDS, Topics.NODE_COMMANDS);
  }

  @AfterAll
  static void close() {
    probe.close();
  }

  static <C extends Message> C expect(String id, Class<C> type) {
    probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && type.isInstance(s.envelope().payload()), WAIT);
    List<Envelope> all = probe.envelopes(id).stream().filter(e -> type.isInstance(e.payload())).toList();
    return type.cast(all.get(all.size() - 1).payload());
  }

  static void answer(String id, Message fact) {
    probe.send(Topics.EVENTS, new Envelope(Envelope.newId(), 1, id, "gov-1", Instant.now(), null, fact));
  }

  @Test
  void deferredByALockResumedByItsReleaseThenRolledBackToBlueOnABreach() {
    Envelope lock = Envelope.of(null, "gov-1", Instant.now(),
        new ComplianceLockAcquired("audit-42", "AUDIT_EXPORT", "gov-1"));
    probe.sendRaw(Topics.COMPLIANCE_LOCKS, "audit-42", dev.relay.contracts.Messages.write(lock));
    String id = given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"gov-1\",\"artifact\":\"sandbox-node\",\"version\":\"1.1.0\"}")
        .post("/deployments").then().statusCode(202).extract().path("deploymentId");
    DeploymentDeferred deferred = probe.awaitPayload(id, DeploymentDeferred.class, WAIT);
    assertThat(deferred.locks()).containsExactly("audit-42 (AUDIT_EXPORT on gov-1)");
    assertThat(stateOf(id)).isEqualTo("DEFERRED");
    assertThat(probe.envelopes(id)).noneMatch(e -> e.payload() instanceof RunGates);

    probe.sendRaw(Topics.COMPLIANCE_LOCKS, "audit-42", null); // released: a tombstone
    assertThat(probe.awaitPayload(id, DeploymentResumed.class, WAIT).reason()).contains("audit-42");
    assertThat(expect(id, RunGates.class).phase()).isEqualTo(GatePhase.PRE_FLIGHT);
    answer(id, new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""));
    expect(id, VerifyArtifact.class);
    answer(id, new ArtifactVerified("sandbox-node", "1.1.0", D, 1, "K"));
    assertThat(expect(id, DrainNode.class).node()).isEqualTo("green-1");
    answer(id, new NodeDrained("green-1", "1.0.0"));
    expect(id, PatchNode.class);
    answer(id, new NodePatched("green-1", "1.1.0", D, false));
    expect(id, RejoinNode.class);
    answer(id, new NodeRejoined("green-1", "1.1.0"));
    expect(id, SyncState.class);
    answer(id, new StateSynced(0));
    expect(id, AwaitGroupHealthy.class);
    answer(id, new GroupHealthy("green", 100));
    probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && s.envelope().payload() instanceof RunGates g && g.phase() == GatePhase.PRE_SWITCH, WAIT);
    answer(id, new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), ""));
    assertThat(expect(id, SwitchTraffic.class).to()).isEqualTo("green");
    answer(id, new TrafficSwitched("green", 800));
    assertThat(expect(id, WatchStability.class).window()).isEqualTo(Duration.ofSeconds(3));
    answer(id, new StabilityBreached("green", "2 5xx responses"));
    probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && s.envelope().payload() instanceof SwitchTraffic t && t.to().equals("blue"), WAIT);
    answer(id, new TrafficSwitched("blue", 300));
    expect(id, StopReplication.class);
    answer(id, new ReplicationStopped());
    assertThat(probe.awaitPayload(id, DeploymentRolledBack.class, WAIT).reason()).contains("2 5xx");
    assertThat(stateOf(id)).isEqualTo("ROLLED_BACK");
  }

  /** The view's state; while Kafka Streams restores its store (a new application on a busy machine) GET says 503. */
  static String stateOf(String id) {
    org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> given().get("/deployments/" + id).statusCode() == 200);
    return given().get("/deployments/" + id).then().statusCode(200).extract().path("state");
  }
}
