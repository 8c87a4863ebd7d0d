package dev.relay.node;

import static dev.relay.node.SandboxClusterResource.CLUSTER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.NodeCommand;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.ClusterHealthObserved;
import dev.relay.contracts.Fact.NodeCommandFailed;
import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.contracts.Fact.NodePatched;
import dev.relay.contracts.Fact.NodeRejoined;
import dev.relay.contracts.Fact.NodeRolledBack;
import dev.relay.contracts.Fact.RebalanceComplete;
import dev.relay.contracts.Topics;
import dev.relay.node.service.NodeCommandService;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** node-adapter over a real broker against a real 3-node sandbox cluster and a stand-in artifact-service. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(SandboxClusterResource.class)
class NodeAdapterTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static TopicProbe probe;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "relay.sandbox.root")
  Path sandboxRoot;

  @ConfigProperty(name = "test.digest.v2")
  String digestV2;

  @ConfigProperty(name = "test.digest.bad")
  String digestBad;

  @ConfigProperty(name = "test.digest.evil")
  String digestEvil;

  @ConfigProperty(name = "test.node.node-3.url")
  String node3Url;

  @Inject
  NodeCommandService service;

  @BeforeEach
  void probe() {
    if (probe == null) {
      probe = new TopicProbe(bootstrap, Topics.EVENTS, Topics.dlq(Topics.NODE_COMMANDS));
    }
  }

  @AfterAll
  static void closeProbe() {
    if (probe != null) {
      probe.close();
      probe = null;
    }
  }

  static Instant in(int seconds) {
    return Instant.now().plusSeconds(seconds);
  }

  static Envelope envelope(String deploymentId, NodeCommand cmd) {
    return Envelope.of(deploymentId, CLUSTER, Instant.now(), cmd);
  }

  static String send(NodeCommand cmd) {
    String id = "dep-" + UUID.randomUUID();
    probe.send(Topics.NODE_COMMANDS, envelope(id, cmd));
    return id;
  }

  static <T> T await(String id, Class<T> type) {
    return probe.awaitPayload(id, type, WAIT);
  }

  static void awaitRebalanced() {
    assertThat(await(send(new AwaitRebalance(null, in(30))), RebalanceComplete.class).healthPercent()).isEqualTo(100);
  }

  Path nodeDir(String node) {
    return sandboxRoot.resolve(CLUSTER).resolve(node);
  }

  @Test
  void garbageGoesToTheDeadLetterTopicAndTheNextCommandStillWorks() {
    String garbage = "this is not an envelope {" + UUID.randomUUID();
    probe.sendRaw(Topics.NODE_COMMANDS, CLUSTER, garbage);
    probe.await(s -> s.topic().equals(Topics.dlq(Topics.NODE_COMMANDS)) && garbage.equals(s.raw()), WAIT);

    Envelope drain = envelope("dep-" + UUID.randomUUID(), new DrainNode("node-1", in(30)));
    probe.send(Topics.NODE_COMMANDS, drain);
    NodeDrained drained = await(drain.deploymentId(), NodeDrained.class);
    assertThat(drained.node()).isEqualTo("node-1");
    assertThat(drained.runningVersion()).isEqualTo("1.0.0");
    assertThat(drained.nodeKeyFingerprint()).as("the node reports its node key").isNotBlank();
    TopicProbe.Seen reply = probe.await(s -> s.envelope() != null
        && s.envelope().payload() instanceof NodeDrained && drain.deploymentId().equals(s.envelope().deploymentId()), WAIT);
    assertThat(reply.key()).isEqualTo(CLUSTER);
    assertThat(reply.envelope().causationId()).isEqualTo(drain.eventId());
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-1").then().statusCode(200)
        .body("status.draining", equalTo(true)).body("status.inflight", equalTo(0));

    NodeRejoined rejoined = await(send(new RejoinNode("node-1", "1.0.0", in(30))), NodeRejoined.class);
    assertThat(rejoined).as("the same keys after the restart").isEqualTo(new NodeRejoined("node-1", "1.0.0",
        drained.nodeKeyFingerprint(), drained.companyKeyFingerprint()));
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-1").then().statusCode(200)
        .body("status.draining", equalTo(false));
  }

  @Test
  void drainPatchRejoinThenTheSamePatchAgainIsAlreadyDoneThenRollback() throws Exception {
    NodeDrained drained = await(send(new DrainNode("node-2", in(30))), NodeDrained.class);
    assertThat(drained.runningVersion()).isEqualTo("1.0.0");
    assertThat(drained.nodeKeyFingerprint()).as("the node reports its node key").isNotBlank();

    PatchNode patch = new PatchNode("node-2", "sandbox-node", "1.1.0", digestV2, in(60));
    String deployment = "dep-" + UUID.randomUUID();
    probe.send(Topics.NODE_COMMANDS, envelope(deployment, patch));
    assertThat(await(deployment, NodePatched.class)).isEqualTo(new NodePatched("node-2", "1.1.0", digestV2, false));
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-2").then().statusCode(200)
        .body("running", equalTo(false)).body("currentRelease.version", equalTo("1.1.0"))
        .body("currentRelease.digest", equalTo(digestV2)).body("patches", equalTo(2));

    assertThat(await(send(new RejoinNode("node-2", "1.1.0", in(30))), NodeRejoined.class))
        .as("the node key survives the patch").isEqualTo(new NodeRejoined("node-2", "1.1.0",
            drained.nodeKeyFingerprint(), drained.companyKeyFingerprint()));
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-2").then().statusCode(200)
        .body("running", equalTo(true)).body("status.version", equalTo("1.1.0"));

    probe.send(Topics.NODE_COMMANDS, envelope(deployment, patch));
    probe.await(s -> s.envelope() != null && deployment.equals(s.envelope().deploymentId())
        && s.envelope().payload() instanceof NodePatched p && p.alreadyAtVersion(), WAIT);
    assertThat(probe.envelopes(deployment)).extracting(Envelope::payload).containsExactly(
        new NodePatched("node-2", "1.1.0", digestV2, false), new NodePatched("node-2", "1.1.0", digestV2, true));
    List<String> patchLog = Files.readAllLines(nodeDir("node-2").resolve("patches.log"));
    assertThat(patchLog.stream().filter(l -> l.contains(digestV2))).hasSize(1);
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-2").then().body("status.version", equalTo("1.1.0"));

    awaitRebalanced();

    assertThat(await(send(new RollbackNode("node-2", "1.0.0", in(30))), NodeRolledBack.class))
        .isEqualTo(new NodeRolledBack("node-2", "1.0.0"));
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-2").then().statusCode(200)
        .body("status.version", equalTo("1.0.0")).body("status.draining", equalTo(false))
        .body("currentRelease.version", equalTo("1.0.0"));
    awaitRebalanced();
  }

  @Test
  void aPatchWhoseBytesDoNotMatchTheDigestFailsAndLeavesTheNodeOnItsRelease() throws Exception {
    NodeCommandFailed failed = await(send(new PatchNode("node-3", "sandbox-node", "1.2.0", digestBad, in(30))),
        NodeCommandFailed.class);
    assertThat(failed.node()).isEqualTo("node-3");
    assertThat(failed.command()).isEqualTo("PatchNode");
    assertThat(failed.reason()).isEqualTo("digest mismatch: expected " + digestBad + ", received " + digestV2);
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-3").then().statusCode(200)
        .body("running", equalTo(true)).body("status.version", equalTo("1.0.0"))
        .body("currentRelease.version", equalTo("1.0.0"));
    try (Stream<Path> releases = Files.list(nodeDir("node-3").resolve("releases"))) {
      assertThat(releases.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("1.0.0-"));
    }
  }

  @Test
  void aMaliciousArchiveIsRefusedWholeStagingRemovedAndTheNodeKeepsItsRelease() throws Exception {
    NodeCommandFailed failed = await(send(new PatchNode("node-3", "sandbox-node", "1.3.0", digestEvil, in(30))),
        NodeCommandFailed.class);
    assertThat(failed.command()).isEqualTo("PatchNode");
    assertThat(failed.reason()).isEqualTo("release 1.3.0 (" + digestEvil + ") not installed on node-3: refused"
        + " archive entry 'lib/passwd': symbolic link points outside the staging folder (absolute -> /etc/passwd);"
        + " staging removed, node-3 keeps its release 1.0.0");
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-3").then().statusCode(200)
        .body("running", equalTo(true)).body("status.version", equalTo("1.0.0"))
        .body("currentRelease.version", equalTo("1.0.0"));
    try (Stream<Path> releases = Files.list(nodeDir("node-3").resolve("releases"))) {
      assertThat(releases.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("1.0.0-"));
    }
  }

  @Test
  void awaitRebalanceReportsWhatItSeesAndFailsAtTheDeadlineWithTheReason() throws Exception {
    awaitRebalanced();
    post(node3Url + "/admin/health?percent=85&warning=disk%20slow");
    try {
      Envelope cmd = envelope("dep-" + UUID.randomUUID(), new AwaitRebalance("node-2", in(3)));
      probe.send(Topics.NODE_COMMANDS, cmd);
      ClusterHealthObserved observed = await(cmd.deploymentId(), ClusterHealthObserved.class);
      assertThat(observed).isEqualTo(new ClusterHealthObserved(95, List.of("node-3"), List.of("node-3: disk slow")));
      // the same command again while the first is in flight is ignored
      assertThat(service.accept(cmd)).isFalse();

      NodeCommandFailed failed = await(cmd.deploymentId(), NodeCommandFailed.class);
      assertThat(failed).isEqualTo(new NodeCommandFailed("node-2", "AwaitRebalance",
          "deadline passed: cluster health 95% (node-3: disk slow)"));
      assertThat(probe.envelopes(cmd.deploymentId())).extracting(Envelope::payload)
          .containsExactly(observed, failed);
      given().get("/clusters/{c}/health", CLUSTER).then().statusCode(200)
          .body("healthPercent", equalTo(95)).body("notHealthy", equalTo(List.of("node-3")))
          .body("reason", equalTo("cluster health 95% (node-3: disk slow)"));
    } finally {
      post(node3Url + "/admin/health?percent=100");
    }
    awaitRebalanced();
  }

  @Test
  void unknownClusterOrNodeFailsNamingIt() {
    String id = "dep-" + UUID.randomUUID();
    probe.send(Topics.NODE_COMMANDS, Envelope.of(id, "nope", Instant.now(), new DrainNode("node-1", in(30))));
    assertThat(await(id, NodeCommandFailed.class))
        .isEqualTo(new NodeCommandFailed("node-1", "DrainNode", "unknown cluster 'nope'"));
    assertThat(await(send(new DrainNode("node-9", in(30))), NodeCommandFailed.class).reason())
        .isEqualTo("unknown node 'node-9' in cluster '" + CLUSTER + "'");
  }

  @Test
  void healthEndpointAnswersForKnownClustersOnly() {
    given().get("/clusters/{c}/health", CLUSTER).then().statusCode(200)
        .body("clusterId", equalTo(CLUSTER)).body("members", hasSize(3));
    given().get("/clusters/{c}/health", "nope").then().statusCode(404)
        .body("error", containsString("unknown cluster 'nope'"));
    given().get("/clusters/{c}/health", SandboxClusterResource.GHOST).then().statusCode(200)
        .body("healthPercent", equalTo(0))
        .body("reason", containsString("no node of cluster ghost answered (ghost-1:"));
    given().get("/clusters/{c}/nodes/{n}", CLUSTER, "node-9").then().statusCode(404);
  }

  static void post(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
  }
}
