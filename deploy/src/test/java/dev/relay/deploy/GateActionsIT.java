package dev.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.DeploymentAborted;
import dev.relay.contracts.Fact.DeploymentExpired;
import dev.relay.contracts.Fact.DeploymentFailed;
import dev.relay.contracts.Fact.DeploymentSucceeded;
import dev.relay.contracts.Fact.GateFailed;
import dev.relay.contracts.Fact.GatePassed;
import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.contracts.Fact.NodeRejoined;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Topics;
import dev.relay.sandbox.release.ReleaseArchive;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end with the shipped 12-gate table (real services, real sandbox node processes, real Kafka): the company key
 * kept across restarts, the chaos gate after the rollout, and the gate fail actions as the saga carries them out.
 * Two extra signed releases are imported: 1.2.0, whose start script wipes the node's key store, and 1.3.0, whose
 * start script refuses to start a second time (it cannot recover from a crash).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GateActionsIT {

  static final Duration WAIT = Duration.ofMinutes(5);
  static final String TOKEN = "it-token";
  static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  static LocalStack stack;
  static TopicProbe probe;
  static Path dir;

  static final String WIPE_KEYS = "#!/bin/sh\n"
      + "# a faulty install step: empties the key store named in node.properties, then starts the node\n"
      + "keys=$(sed -n 's/^keys\\.dir=//p' \"$1\")\n"
      + "[ -n \"$keys\" ] && rm -rf \"$keys\"/*\n";
  static final String START_ONCE = "#!/bin/sh\n"
      + "marker=\"$(dirname \"$0\")/../started-once\"\n"
      + "if [ -e \"$marker\" ]; then echo 'this release does not start again after a crash' >&2; exit 3; fi\n"
      + "touch \"$marker\"\n";

  @BeforeAll
  static void start() throws Exception {
    InProcessKafka kafka = InProcessKafka.shared();
    Path home = E2e.home();
    dir = E2e.workDir("gates-");
    Map<String, Integer> ports = E2e.servicePorts();
    List<LocalStack.ClusterSetup> clusters = List.of(
        new LocalStack.ClusterSetup("g-keys", "SME", 3, Ports.free() + 400, 300, 800),
        new LocalStack.ClusterSetup("g-chaos-ok", "SME", 3, Ports.free() + 500, 300, 800),
        new LocalStack.ClusterSetup("g-chaos-bad", "SME", 3, Ports.free() + 600, 300, 800));
    stack = new LocalStack(new LocalStack.Config(home, dir, kafka.bootstrapServers(), 0, 0, ports, TOKEN, clusters,
        Map.of("orchestrator-service", Map.of("relay.saga.resend-interval", "10m", "relay.saga.rebalance", "2m",
            "relay.saga.tick-interval", "250ms",
            // the RunGates deadline: bounds the chaos run (its Timeout is 90 s) and how long a DEFER gate waits
            "relay.saga.gates", "50s"),
            "gate-service", Map.of("relay.gates.chaos-down", "3s"))));
    stack.start(line -> System.out.println("[gates] " + line));
    probe = new TopicProbe(kafka.bootstrapServers(), Topics.EVENTS, Topics.NODE_COMMANDS, Topics.GATE_COMMANDS);
    String body = ReleaseArchive.BIN_SCRIPT.substring(ReleaseArchive.BIN_SCRIPT.indexOf('\n') + 1);
    importRelease("1.2.0", WIPE_KEYS + body);
    importRelease("1.3.0", START_ONCE + body);
  }

  @AfterAll
  static void stop() {
    E2e.close(probe, stack);
  }

  /** Packs a sandbox-node release with this start script, signs it with the run's key and imports it. */
  static void importRelease(String version, String binScript) throws Exception {
    Path tar = dir.resolve("artifact-import").resolve(LocalStack.ARTIFACT + "-" + version + ".tar.gz");
    ReleaseArchive.pack(sandboxJar(), version, tar, binScript);
    Minisign.sign(new Minisign.KeyPair(dir.resolve("signing-key/relay-signing.pub"),
        dir.resolve("signing-key/relay-signing.key")), tar, LocalStack.ARTIFACT, version);
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("artifact-service")
        + "/artifacts/import-dir")).header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains(version);
  }

  static Path sandboxJar() throws Exception {
    Path home = E2e.home();
    try (var files = Files.list(home.resolve("sandbox-node/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("sandbox-node-[0-9.]+(-SNAPSHOT)?\\.jar"))
          .findFirst().orElseThrow(
              () -> new IllegalStateException("build sandbox-node first (mvn -pl sandbox-node install)"));
    }
  }

  static String submit(String cluster, String version) throws Exception {
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
            + "/deployments"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"cluster\":\"" + cluster + "\",\"artifact\":\"sandbox-node\","
            + "\"version\":\"" + version + "\",\"requestedBy\":\"it\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return Messages.mapper().readTree(r.body()).path("deploymentId").asText();
  }

  static JsonNode status(String cluster, String node) throws Exception {
    Path nodeDir = new SandboxLayout(stack.sandboxRoot()).nodeDir(cluster, node);
    String port = Files.readString(SandboxLayout.properties(nodeDir)).lines().filter(l -> l.startsWith("port="))
        .findFirst().orElseThrow().substring(5).trim();
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/status")).timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return Messages.mapper().readTree(r.body());
  }

  static void awaitHealthy(String cluster) throws Exception {
    long end = System.currentTimeMillis() + 60_000;
    while (true) {
      HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("node-adapter")
          + "/clusters/" + cluster + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (Messages.mapper().readTree(r.body()).path("healthPercent").asInt() == 100) {
        return;
      }
      assertThat(System.currentTimeMillis()).as(cluster + " at 100% within 60 s: " + r.body()).isLessThan(end);
      Thread.sleep(200);
    }
  }

  static <T> List<T> payloads(String id, Class<T> type) {
    return probe.envelopes(id).stream().map(Envelope::payload).filter(type::isInstance).map(type::cast).toList();
  }

  static String gateLine(String id, String gate) {
    return probe.envelopes(id).stream().map(Envelope::payload)
        .filter(p -> p instanceof GatePassed g && g.gateId().equals(gate)
            || p instanceof GateFailed f && f.gateId().equals(gate))
        .map(Object::toString).findFirst().orElse("no verdict on " + gate);
  }

  @Test
  void aReleaseThatWipesTheKeyStoreEndsFailedWithTheNodeBackOnItsOldVersion() throws Exception {
    awaitHealthy("g-keys");
    String company = status("g-keys", "node-1").path("companyKeyFingerprint").asText();
    assertThat(company).isEqualTo(stack.companyKeyFingerprint());

    String id = submit("g-keys", "1.2.0");
    DeploymentFailed failed = probe.awaitPayload(id, DeploymentFailed.class, WAIT);
    System.out.println("[gates] key wipe: " + failed.reason());
    assertThat(failed.reason()).contains("key persistence: node-1")
        .contains("company key missing (was " + company + ")").contains("node key changed")
        .contains("node-1 was put back on its previous release");
    assertThat(failed.untouchedNodes()).containsExactly("node-2", "node-3");
    NodeDrained drained = payloads(id, NodeDrained.class).get(0);
    assertThat(drained.companyKeyFingerprint()).isEqualTo(company);
    NodeRejoined rejoined = payloads(id, NodeRejoined.class).get(0);
    assertThat(rejoined.companyKeyFingerprint()).isNull();
    assertThat(payloads(id, RollbackNode.class)).extracting(RollbackNode::node, RollbackNode::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("node-1", "1.0.0"));
    assertThat(payloads(id, DrainNode.class)).extracting(DrainNode::node).containsExactly("node-1");
    for (String n : NODES) {
      JsonNode s = status("g-keys", n);
      assertThat(s.path("version").asText()).as(n).isEqualTo("1.0.0");
      assertThat(s.path("draining").asBoolean()).as(n + " drain flag restored").isFalse();
    }

    // ABORT through the saga: node-1's key store is still empty, so the pre-flight key-persistence gate stops the
    // next deployment before anything is touched
    String next = submit("g-keys", "1.1.0");
    DeploymentAborted aborted = probe.awaitPayload(next, DeploymentAborted.class, WAIT);
    assertThat(aborted.reason()).contains("key-persistence").contains("node-1 does not report companyKeyFingerprint");
    assertThat(aborted.untouchedNodes()).containsExactlyElementsOf(NODES);
    assertThat(payloads(next, DrainNode.class)).isEmpty();
  }

  @Test
  void theChaosGatePassesOnAHealthyRelease() throws Exception {
    awaitHealthy("g-chaos-ok");
    String id = submit("g-chaos-ok", "1.1.0");
    probe.awaitPayload(id, DeploymentSucceeded.class, WAIT);
    GatePassed chaos = payloads(id, GatePassed.class).stream().filter(g -> g.gateId().equals("chaos-resilience"))
        .findFirst().orElseThrow(() -> new AssertionError(gateLine(id, "chaos-resilience")));
    System.out.println("[gates] chaos on a healthy release: " + chaos.detail());
    assertThat(chaos.phase()).isEqualTo(GatePhase.POST_DEPLOY);
    assertThat(chaos.detail()).contains("recovered").contains("killed [\"node-3\"]").contains(" 0 refused while down, 0 lost");
    for (String n : NODES) {
      JsonNode s = status("g-chaos-ok", n);
      assertThat(s.path("version").asText()).isEqualTo("1.1.0");
      assertThat(s.path("draining").asBoolean()).isFalse();
    }
  }

  @Test
  void theChaosGateFailsOnAReleaseThatCannotRecoverAndEveryNodeIsReverted() throws Exception {
    awaitHealthy("g-chaos-bad");
    String id = submit("g-chaos-bad", "1.3.0");
    DeploymentFailed failed = probe.awaitPayload(id, DeploymentFailed.class, WAIT);
    System.out.println("[gates] chaos on a release that cannot recover: " + failed.reason());
    GateFailed chaos = payloads(id, GateFailed.class).stream().filter(g -> g.gateId().equals("chaos-resilience"))
        .findFirst().orElseThrow(() -> new AssertionError(gateLine(id, "chaos-resilience")));
    assertThat(chaos.failAction()).isEqualTo("ROLLBACK");
    assertThat(chaos.reason()).contains("did not recover").contains("node-3");
    assertThat(failed.reason()).contains("chaos-resilience").contains("every node was put back on its previous release");
    assertThat(payloads(id, RollbackNode.class)).extracting(RollbackNode::node)
        .containsExactly("node-3", "node-2", "node-1");
    for (String n : NODES) {
      JsonNode s = status("g-chaos-bad", n);
      assertThat(s.path("version").asText()).as(n).isEqualTo("1.0.0");
      assertThat(s.path("draining").asBoolean()).as(n + " drain flag restored").isFalse();
    }
  }

  /** Restarts gate-service on another gate table (with the stack's own settings). */
  static void gateTable(String csv) throws Exception {
    Path table = dir.resolve("gates-" + System.nanoTime() + ".csv");
    Files.writeString(table, csv);
    stack.service("gate-service").stop(Duration.ofSeconds(10));
    stack.restartService("gate-service", Map.of(
        "relay.gates-file", table.toString(),
        "relay.node-adapter.url", stack.url("node-adapter"),
        "relay.artifact-service.url", stack.url("artifact-service"),
        "relay.compliance-watcher.url", stack.url("compliance-watcher"),
        "relay.company-key.fingerprint", stack.companyKeyFingerprint(),
        "relay.gates.defer-interval", "2s"));
  }

  static final String HEADER = "Gate_ID,Name,Script_Command,Pass_Threshold,Fail_Action,Deployment_Tier,Phase\n";
  static final String WARN_ROW = "skew-warning,Always warns,sh -c 'echo clocks drift; exit 1',0,WARN,ALL,PRE_FLIGHT\n";

  /** Last: it replaces the gate table. DEFER waits to the deadline and ends EXPIRED; WARN is recorded and goes on. */
  @Test
  @Order(Integer.MAX_VALUE)
  void deferEndsExpiredAtTheDeadlineAndWarnIsRecordedWithoutBlocking() throws Exception {
    gateTable(HEADER + WARN_ROW
        + "lock-never-clears,Never clears,sh -c 'echo still locked; exit 1',0,DEFER,ALL,PRE_FLIGHT\n");
    awaitHealthy("g-chaos-ok");
    String deferred = submit("g-chaos-ok", "1.1.0");
    DeploymentExpired expired = probe.awaitPayload(deferred, DeploymentExpired.class, WAIT);
    System.out.println("[gates] DEFER: " + expired.reason());
    assertThat(expired.reason()).contains("deferred past their deadline").contains("lock-never-clears")
        .contains("still failing at the deadline").contains("nothing was touched");
    assertThat(payloads(deferred, DrainNode.class)).isEmpty();

    gateTable(HEADER + WARN_ROW);
    String warned = submit("g-chaos-ok", "1.1.0");
    probe.awaitPayload(warned, DeploymentSucceeded.class, WAIT);
    GateFailed warning = payloads(warned, GateFailed.class).stream().filter(g -> g.gateId().equals("skew-warning"))
        .findFirst().orElseThrow();
    System.out.println("[gates] WARN: " + warning);
    assertThat(warning.failAction()).isEqualTo("WARN");
    HttpResponse<String> view = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
        + "/deployments/" + warned)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(view.body()).contains("skew-warning: FAILED (WARN)");
  }
}
