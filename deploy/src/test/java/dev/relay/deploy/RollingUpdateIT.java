package dev.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.DeploymentAborted;
import dev.relay.contracts.Fact.DeploymentSucceeded;
import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.contracts.Fact.NodePatched;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Topics;
import dev.relay.sandbox.release.SandboxLayout;
import dev.relay.testkit.InProcessKafka;
import dev.relay.testkit.TopicProbe;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end over a real in-process Kafka broker: the five services as their packaged applications (real processes),
 * sandbox clusters of real node processes, a release signed by the real minisign tool.
 */
class RollingUpdateIT {

  static final Duration WAIT = Duration.ofMinutes(3);
  static final String TOKEN = "it-token";
  static LocalStack stack;
  static TopicProbe probe;
  static int base;

  @BeforeAll
  static void start() throws Exception {
    InProcessKafka kafka = InProcessKafka.shared();
    Path home = E2e.home();
    Path dir = E2e.workDir("e2e-");
    base = Ports.free();
    Map<String, Integer> ports = E2e.servicePorts();
    List<LocalStack.ClusterSetup> clusters = List.of(
        new LocalStack.ClusterSetup("e2e-ok", "SME", 3, Ports.free() + 100, 300, 1000),
        new LocalStack.ClusterSetup("e2e-degraded", "SME", 3, Ports.free() + 200, 300, 1000),
        new LocalStack.ClusterSetup("e2e-crash", "Personal", 3, Ports.free() + 300, 300, 1000));
    stack = new LocalStack(new LocalStack.Config(home, dir, kafka.bootstrapServers(), 0, 0, ports, TOKEN, clusters,
        Map.of("orchestrator-service", Map.of(
            // long enough that no command is re-sent during a test: counts below are exact
            "relay.saga.resend-interval", "10m",
            "relay.saga.rebalance", "2m",
            "relay.saga.tick-interval", "250ms"))));
    stack.start(line -> System.out.println("[e2e] " + line));
    probe = new TopicProbe(kafka.bootstrapServers(), Topics.EVENTS, Topics.NODE_COMMANDS);
  }

  @AfterAll
  static void stop() {
    E2e.close(probe, stack);
  }

  static String submit(String cluster) throws Exception {
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
            + "/deployments"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"cluster\":\"" + cluster + "\",\"artifact\":\"sandbox-node\","
            + "\"version\":\"1.1.0\",\"requestedBy\":\"it\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return Messages.mapper().readTree(r.body()).path("deploymentId").asText();
  }

  static JsonNode health(String cluster) throws Exception {
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("node-adapter")
        + "/clusters/" + cluster + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
    return Messages.mapper().readTree(r.body());
  }

  static void awaitHealth(String cluster, boolean full) throws Exception {
    long end = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < end) {
      int pct = health(cluster).path("healthPercent").asInt();
      if (full ? pct == 100 : pct < 100 && health(cluster).path("rebalancing").isEmpty()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cluster " + cluster + " health never " + (full ? "100" : "settled below 100") + ": "
        + health(cluster));
  }

  static String runningVersion(String cluster, String node) throws Exception {
    Path nodeDir = new SandboxLayout(stack.sandboxRoot()).nodeDir(cluster, node);
    String props = Files.readString(SandboxLayout.properties(nodeDir));
    String port = props.lines().filter(l -> l.startsWith("port=")).findFirst().orElseThrow().substring(5).trim();
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    return Messages.mapper().readTree(r.body()).path("version").asText();
  }

  /** Real unpacks of the 1.1.0 release on a node (patches.log also records the initial 1.0.0 install). */
  static long patchCount(String cluster, String node) throws Exception {
    Path log = SandboxLayout.patchesLog(new SandboxLayout(stack.sandboxRoot()).nodeDir(cluster, node));
    String digest = stack.digest("1.1.0");
    return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(digest)).count() : 0;
  }

  static <T> List<T> payloads(String id, Class<T> type) {
    return probe.envelopes(id).stream().map(Envelope::payload).filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aSignedReleaseRollsThroughThreeNodesAndARedeliveredPatchChangesNothing() throws Exception {
    awaitHealth("e2e-ok", true);
    String id = submit("e2e-ok");
    probe.awaitPayload(id, DeploymentSucceeded.class, WAIT);
    for (String node : List.of("node-1", "node-2", "node-3")) {
      assertThat(runningVersion("e2e-ok", node)).isEqualTo("1.1.0");
      assertThat(patchCount("e2e-ok", node)).as("patched once: " + node).isEqualTo(1);
    }
    assertThat(payloads(id, DrainNode.class)).extracting(DrainNode::node).containsExactly("node-1", "node-2", "node-3");

    // a redelivered PatchNode (the same record again) is answered without patching twice
    Envelope patch = probe.envelopes(id).stream().filter(e -> e.payload() instanceof PatchNode p && p.node().equals("node-2"))
        .findFirst().orElseThrow();
    probe.send(Topics.NODE_COMMANDS, patch);
    probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && s.envelope().payload() instanceof NodePatched p && p.node().equals("node-2") && p.alreadyAtVersion(), WAIT);
    assertThat(patchCount("e2e-ok", "node-2")).isEqualTo(1);
    assertThat(runningVersion("e2e-ok", "node-2")).isEqualTo("1.1.0");
  }

  @Test
  void aFailingHealthGateAbortsWithAReasonAndNoNodeDrained() throws Exception {
    awaitHealth("e2e-degraded", true);
    Path node2 = new SandboxLayout(stack.sandboxRoot()).nodeDir("e2e-degraded", "node-2");
    String port = Files.readString(SandboxLayout.properties(node2)).lines().filter(l -> l.startsWith("port="))
        .findFirst().orElseThrow().substring(5).trim();
    stack.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/admin/health?percent=85&warning=disk%20slow")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    awaitHealth("e2e-degraded", false);
    String id = submit("e2e-degraded");
    DeploymentAborted aborted = probe.awaitPayload(id, DeploymentAborted.class, WAIT);
    assertThat(aborted.reason()).contains("cluster-health");
    assertThat(aborted.untouchedNodes()).containsExactly("node-1", "node-2", "node-3");
    assertThat(payloads(id, NodeDrained.class)).isEmpty();
    assertThat(payloads(id, DrainNode.class)).isEmpty();
    for (String node : List.of("node-1", "node-2", "node-3")) {
      assertThat(runningVersion("e2e-degraded", node)).isEqualTo("1.0.0");
    }
  }

  @Test
  void theOrchestratorKilledWhileANodeIsPatchingResumesAndPatchesItOnce() throws Exception {
    awaitHealth("e2e-crash", true);
    String id = submit("e2e-crash");
    probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && s.envelope().payload() instanceof PatchNode p && p.node().equals("node-2"), WAIT);
    stack.service("orchestrator-service").kill(); // SIGKILL while node-2 is being patched
    System.out.println("[e2e] orchestrator killed while node-2 is patching");
    Thread.sleep(1000);
    stack.restartService("orchestrator-service", stack.orchestratorProps());
    System.out.println("[e2e] orchestrator restarted");
    probe.awaitPayload(id, DeploymentSucceeded.class, WAIT);
    assertThat(patchCount("e2e-crash", "node-2")).isEqualTo(1);
    assertThat(payloads(id, PatchNode.class).stream().filter(p -> p.node().equals("node-2")).count()).isEqualTo(1);
    assertThat(payloads(id, DrainNode.class)).extracting(DrainNode::node).containsExactly("node-1", "node-2", "node-3");
    for (String node : List.of("node-1", "node-2", "node-3")) {
      assertThat(runningVersion("e2e-crash", node)).isEqualTo("1.1.0");
    }
    HttpResponse<String> view = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
        + "/deployments/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(Messages.mapper().readTree(view.body()).path("state").asText()).isEqualTo("SUCCEEDED");
  }
}
