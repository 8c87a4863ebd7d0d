package dev.relay.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.VerifyArtifact;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.*;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Message;
import dev.relay.contracts.Request.DeployRequested;
import dev.relay.contracts.Topics;
import dev.relay.testkit.InProcessKafka;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator over a real broker, with this test playing the other services: it answers each command the saga
 * sends on the command topics with the fact a service would publish.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class OrchestratorOverKafkaTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String D = "sha256:" + "cd".repeat(32);
  static TopicProbe probe;

  @BeforeAll
  static void probe() {
    probe = new TopicProbe(InProcessKafka.shared().bootstrapServers(), Topics.EVENTS, Topics.GATE_COMMANDS,
        Topics.ARTIFACT_COMMANDS, Topics.NODE_COMMANDS, Topics.dlq(Topics.REQUESTS), Topics.dlq(Topics.EVENTS));
  }

  @AfterAll
  static void close() {
    probe.close();
  }

  static String submit(String cluster, String version) {
    return given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"" + cluster + "\",\"artifact\":\"sandbox-node\",\"version\":\"" + version
            + "\",\"requestedBy\":\"ci\"}")
        .post("/deployments")
        .then().statusCode(202).body("status", equalTo("ACCEPTED"))
        .extract().path("deploymentId");
  }

  /** Waits for the command of this type (the n-th, 0-based) for the deployment and answers it with a fact. */
  static <C extends Message> C expect(String id, Class<C> type, int nth) {
    TopicProbe.Seen seen = probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && type.isInstance(s.envelope().payload())
        && probe.envelopes(id).stream().filter(e -> type.isInstance(e.payload())).count() > nth, WAIT);
    return type.cast(probe.envelopes(id).stream().filter(e -> type.isInstance(e.payload())).toList().get(nth).payload());
  }

  static void answer(String id, String cluster, Message fact) {
    Envelope cause = probe.envelopes(id).get(0);
    probe.send(Topics.EVENTS, new Envelope(Envelope.newId(), 1, id, cluster, Instant.now(), cause.eventId(), fact));
  }

  @Test
  void mutatingEndpointsNeedTheToken() {
    given().contentType("application/json").body("{\"cluster\":\"sme-1\",\"artifact\":\"a\",\"version\":\"1.0.0\"}")
        .post("/deployments").then().statusCode(401);
    given().header("Authorization", "Bearer wrong").contentType("application/json")
        .body("{\"cluster\":\"sme-1\",\"artifact\":\"a\",\"version\":\"1.0.0\"}")
        .post("/deployments").then().statusCode(401);
    given().contentType("application/json").body("{}").post("/deployments/x/abort").then().statusCode(401);
    // the token comes first: malformed JSON without it is 401 too, never a 400 that tells the caller anything
    given().contentType("application/json").body("{not json").post("/deployments").then().statusCode(401);
  }

  @Test
  void aTier1DeploymentRunsThroughItsWholeSagaOverKafka() {
    String id = submit("sme-1", "1.1.0");
    assertThat(expect(id, RunGates.class, 0).phase()).isEqualTo(GatePhase.PRE_FLIGHT);
    answer(id, "sme-1", new GatePassed(GatePhase.PRE_FLIGHT, "cluster-health", "100%"));
    answer(id, "sme-1", new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""));
    expect(id, VerifyArtifact.class, 0);
    answer(id, "sme-1", new ArtifactVerified("sandbox-node", "1.1.0", D, 10, "K"));
    int n = 0;
    for (String node : List.of("node-1", "node-2")) {
      expect(id, AwaitRebalance.class, n);
      answer(id, "sme-1", new RebalanceComplete(100));
      assertThat(expect(id, DrainNode.class, n).node()).isEqualTo(node);
      answer(id, "sme-1", new NodeDrained(node, "1.0.0"));
      assertThat(expect(id, PatchNode.class, n).digest()).isEqualTo(D);
      answer(id, "sme-1", new NodePatched(node, "1.1.0", D, false));
      expect(id, RejoinNode.class, n);
      answer(id, "sme-1", new NodeRejoined(node, "1.1.0"));
      n++;
    }
    expect(id, AwaitRebalance.class, 2);
    answer(id, "sme-1", new RebalanceComplete(100));
    assertThat(expect(id, RunGates.class, 1).phase()).isEqualTo(GatePhase.POST_DEPLOY);
    answer(id, "sme-1", new GatesEvaluated(GatePhase.POST_DEPLOY, true, List.of(), "no gates apply"));
    probe.awaitPayload(id, DeploymentSucceeded.class, WAIT);
    given().get("/deployments/" + id).then().statusCode(200)
        .body("state", equalTo("SUCCEEDED"))
        .body("nodes[0].status", equalTo("REJOINED"))
        .body("nodes[1].previousVersion", equalTo("1.0.0"))
        .body("reason", containsString("all 2 nodes"));
    // exactly one command per step: no step repeated
    assertThat(probe.envelopes(id).stream().filter(e -> e.payload() instanceof DrainNode).count()).isEqualTo(2);
  }

  @Test
  void aFailedHealthGateAbortsWithNoNodeDrained() {
    String id = submit("sme-2", "1.1.0");
    expect(id, RunGates.class, 0);
    answer(id, "sme-2", new GateFailed(GatePhase.PRE_FLIGHT, "cluster-health", "ABORT", "80% < 100%"));
    answer(id, "sme-2", new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("cluster-health"), "80% < 100%"));
    DeploymentAborted aborted = probe.awaitPayload(id, DeploymentAborted.class, WAIT);
    assertThat(aborted.reason()).contains("cluster-health").contains("80%");
    assertThat(probe.envelopes(id)).noneMatch(e -> e.payload() instanceof DrainNode);
    given().get("/deployments/" + id).then().body("state", equalTo("ABORTED"))
        .body("nodes[0].status", equalTo("UNTOUCHED"));
  }

  @Test
  void oneDeploymentPerClusterAtATime() {
    String first = submit("sme-3", "1.1.0");
    expect(first, RunGates.class, 0);
    given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"sme-3\",\"artifact\":\"sandbox-node\",\"version\":\"1.2.0\"}")
        .post("/deployments").then().statusCode(409).body("error", containsString("busy with deployment " + first));
    // the same refusal holds on the topic, where only the saga can decide
    String second = "d-topic-" + System.nanoTime();
    probe.send(Topics.REQUESTS, Envelope.of(second, "sme-3", Instant.now(), new DeployRequested("sandbox-node", "1.2.0", "ci")));
    assertThat(probe.awaitPayload(second, DeploymentRejected.class, WAIT).reason()).contains("busy");
    answer(first, "sme-3", new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("x"), "x"));
    probe.awaitPayload(first, DeploymentAborted.class, WAIT);
  }

  @Test
  void refusalsNameTheirReasonInRestAndOnTheEventsTopic() {
    given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"artifact\":\"sandbox-node\",\"version\":\"1.1.0\"}")
        .post("/deployments").then().statusCode(400).body("error", containsString("missing cluster"));
    given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"nope\",\"artifact\":\"sandbox-node\",\"version\":\"1.1.0\"}")
        .post("/deployments").then().statusCode(422).body("error", containsString("unknown cluster 'nope'"));
    String bad = given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"sme-1\",\"artifact\":\"sandbox-node\",\"version\":\"one\"}")
        .post("/deployments").then().statusCode(400).body("error", containsString("bad version 'one'"))
        .extract().path("deploymentId");
    assertThat(probe.awaitPayload(bad, DeploymentRejected.class, WAIT).reason()).contains("bad version");
    given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"gov-1\",\"artifact\":\"sandbox-node\",\"version\":\"1.1.0\"}")
        .post("/deployments").then().statusCode(422).body("error", containsString("must agree"));
    given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"ent-nogreen\",\"artifact\":\"sandbox-node\",\"version\":\"1.1.0\"}")
        .post("/deployments").then().statusCode(422).body("error", containsString("must agree"));
  }

  @Test
  void malformedOrTierChoosingBodiesAreRefusedWithTheReasonInRestAndOnTheEventsTopic() {
    String malformed = given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"sme-1\",").post("/deployments").then().statusCode(400)
        .body("error", containsString("malformed request body")).extract().path("deploymentId");
    assertThat(probe.awaitPayload(malformed, DeploymentRejected.class, WAIT).reason()).contains("malformed");
    String choosing = given().header("Authorization", "Bearer test-token").contentType("application/json")
        .body("{\"cluster\":\"sme-1\",\"artifact\":\"sandbox-node\",\"version\":\"1.1.0\",\"tier\":2}")
        .post("/deployments").then().statusCode(400)
        .body("error", containsString("a request cannot choose its tier")).extract().path("deploymentId");
    assertThat(probe.awaitPayload(choosing, DeploymentRejected.class, WAIT).reason()).contains("cannot choose its tier");
    given().header("Authorization", "Bearer test-token").contentType("application/json").body("[1,2]")
        .post("/deployments").then().statusCode(400).body("error", containsString("a JSON object"));
  }

  @Test
  void malformedRequestsOnTheTopicAreDeadLetteredAndTheConsumerGoesOn() {
    probe.sendRaw(Topics.REQUESTS, "sme-2", "{this is not json");
    TopicProbe.Seen dlq = probe.await(s -> s.topic().equals(Topics.dlq(Topics.REQUESTS))
        && s.raw().equals("{this is not json"), WAIT);
    assertThat(dlq.key()).isEqualTo("sme-2");
    probe.await(s -> s.envelope() != null && s.envelope().payload() instanceof DeploymentRejected r
        && r.reason().contains("unreadable deploy request"), WAIT);
    String unknown = "d-unknown-" + System.nanoTime();
    probe.send(Topics.REQUESTS, Envelope.of(unknown, "nowhere", Instant.now(), new DeployRequested("sandbox-node", "1.1.0", "ci")));
    assertThat(probe.awaitPayload(unknown, DeploymentRejected.class, WAIT).reason()).contains("unknown cluster 'nowhere'");
    String missing = "d-missing-" + System.nanoTime();
    probe.send(Topics.REQUESTS, Envelope.of(missing, null, Instant.now(), new DeployRequested("sandbox-node", "1.1.0", "ci")));
    assertThat(probe.awaitPayload(missing, DeploymentRejected.class, WAIT).reason()).contains("missing cluster");
    given().get("/deployments/" + unknown).then().statusCode(200).body("state", equalTo("REJECTED"));
    // the consumer is still alive: a good request after the bad ones starts
    String good = "d-good-" + System.nanoTime();
    probe.send(Topics.REQUESTS, Envelope.of(good, "sme-2", Instant.now(), new DeployRequested("sandbox-node", "1.1.0", "ci")));
    probe.awaitPayload(good, DeploymentStarted.class, WAIT);
    answer(good, "sme-2", new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("x"), "x"));
    probe.awaitPayload(good, DeploymentAborted.class, WAIT);
    assertThat(new String(dlq.raw().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isNotEmpty();
  }

  @Test
  void misKeyedRecordsAndFactsNamingNoNodeNeverStopTheSaga() {
    // a request keyed by another cluster than it names: dead-lettered, refused, nothing started
    String misKeyed = "d-miskeyed-" + System.nanoTime();
    Envelope request = Envelope.of(misKeyed, "sme-4", Instant.now(), new DeployRequested("sandbox-node", "1.1.0", "ci"));
    probe.sendRaw(Topics.REQUESTS, "sme-2", dev.relay.contracts.Messages.write(request));
    // refused under an id of its own (the id it names could be a live deployment's), naming the one it gave
    TopicProbe.Seen refused = probe.await(s -> s.envelope() != null
        && s.envelope().payload() instanceof DeploymentRejected r && r.reason().contains(misKeyed), WAIT);
    assertThat(refused.envelope().deploymentId()).startsWith("miskeyed-");
    assertThat(((DeploymentRejected) refused.envelope().payload()).reason())
        .contains("record key 'sme-2' is not the envelope's clusterId 'sme-4'");
    probe.await(s -> s.topic().equals(Topics.dlq(Topics.REQUESTS)) && s.raw().contains(misKeyed), WAIT);
    assertThat(probe.envelopes(misKeyed)).noneMatch(e -> e.payload() instanceof DeploymentStarted);

    String id = submit("sme-4", "1.1.0");
    expect(id, RunGates.class, 0);
    answer(id, "sme-4", new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""));
    expect(id, VerifyArtifact.class, 0);
    answer(id, "sme-4", new ArtifactVerified("sandbox-node", "1.1.0", D, 10, "K"));
    expect(id, AwaitRebalance.class, 0);
    answer(id, "sme-4", new RebalanceComplete(100));
    expect(id, DrainNode.class, 0);
    // a fact of this deployment naming no node, and one keyed by another cluster: neither moves it, neither stops it
    answer(id, "sme-4", new NodeDrained(null, "1.0.0"));
    Envelope stray = new Envelope(Envelope.newId(), 1, id, "sme-4", Instant.now(), null, new NodeDrained("node-1", "1.0.0"));
    probe.sendRaw(Topics.EVENTS, "sme-1", dev.relay.contracts.Messages.write(stray));
    probe.await(s -> s.topic().equals(Topics.dlq(Topics.EVENTS)) && s.raw().contains(stray.eventId()), WAIT);
    given().get("/deployments/" + id).then().body("state", equalTo("DRAINING"));
    answer(id, "sme-4", new NodeDrained("node-1", "1.0.0"));
    assertThat(expect(id, PatchNode.class, 0).node()).isEqualTo("node-1");
    given().get("/deployments/" + id).then().body("state", equalTo("PATCHING"));
    given().header("Authorization", "Bearer test-token").contentType("application/json").body("{\"reason\":\"test\"}")
        .post("/deployments/" + id + "/abort").then().statusCode(202);
  }
}
