package dev.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Command.SyncState;
import dev.relay.contracts.Command.WatchStability;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.ComplianceLockAcquired;
import dev.relay.contracts.Fact.ComplianceLockReleased;
import dev.relay.contracts.Fact.ComplianceLockStale;
import dev.relay.contracts.Fact.DeploymentAborted;
import dev.relay.contracts.Fact.DeploymentDeferred;
import dev.relay.contracts.Fact.DeploymentFailed;
import dev.relay.contracts.Fact.DeploymentResumed;
import dev.relay.contracts.Fact.DeploymentRolledBack;
import dev.relay.contracts.Fact.DeploymentSucceeded;
import dev.relay.contracts.Fact.StepStarted;
import dev.relay.contracts.Fact.TrafficSwitched;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Topics;
import dev.relay.sandbox.release.SandboxLayout;
import dev.relay.sandbox.traffic.HaproxyProcess;
import dev.relay.sandbox.traffic.LoadGenerator;
import dev.relay.sandbox.traffic.LoadReport;
import dev.relay.testkit.InProcessKafka;
import dev.relay.testkit.TopicProbe;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tier 2 end to end: the five services as real processes over a real in-process Kafka broker, blue and green
 * sandbox node processes behind a real HAProxy driven through its runtime API, a release signed by the real minisign
 * tool, and steady keep-alive load (plus a streaming read) through HAProxy while deployments switch, fail and roll
 * back. Counts are asserted, never times.
 *
 * <p>Cluster {@code bg-a} takes two failed releases in a row (green never healthy; a breach in the stability window)
 * and then a good one. Cluster {@code bg-b} takes a deployment that meets an Audit Export already running (deferred,
 * resumed with its gates run again) and a Legal Hold that starts while green syncs (held before the switch). Cluster
 * {@code bg-c} meets an Audit Export whose worker died (stale alert, still deferred).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlueGreenIT {

  static final Duration WAIT = Duration.ofMinutes(3);
  static final String TOKEN = "it-token";
  static final List<String> BLUE = List.of("blue-1", "blue-2");
  static final List<String> GREEN = List.of("green-1", "green-2");
  static LocalStack stack;
  static TopicProbe probe;

  @BeforeAll
  static void start() throws Exception {
    InProcessKafka kafka = InProcessKafka.shared();
    Path home = E2e.home();
    Path dir = E2e.workDir("e2e-bg-");
    Map<String, Integer> ports = E2e.servicePorts();
    List<LocalStack.ClusterSetup> clusters = List.of(
        LocalStack.ClusterSetup.blueGreen("bg-a", "ENTERPRISE", 2, Ports.free() + 100, 300, 600),
        LocalStack.ClusterSetup.blueGreen("bg-b", "GOV", 2, Ports.free() + 200, 300, 600),
        LocalStack.ClusterSetup.blueGreen("bg-c", "ENTERPRISE", 1, Ports.free() + 300, 300, 600));
    Map<String, String> orchestrator = new LinkedHashMap<>();
    orchestrator.put("relay.saga.resend-interval", "10m");
    orchestrator.put("relay.saga.tick-interval", "250ms");
    orchestrator.put("relay.tier2.stability-window", "4s");
    orchestrator.put("relay.tier2.green-healthy", "8s");
    // the shipped gate table (LocalStack's default): every gate that applies to Tier 2 runs
    stack = new LocalStack(new LocalStack.Config(home, dir, kafka.bootstrapServers(), 0, 0, ports, TOKEN, clusters,
        Map.of("orchestrator-service", orchestrator,
            "compliance-watcher", Map.of("relay.compliance.stale-after", "2s",
                "relay.compliance.stale-check-interval", "200ms"))));
    stack.start(line -> System.out.println("[e2e-bg] " + line));
    probe = new TopicProbe(kafka.bootstrapServers(), Topics.EVENTS, Topics.NODE_COMMANDS, Topics.GATE_COMMANDS);
  }

  @AfterAll
  static void stop() {
    E2e.close(probe, stack);
  }

  // ---- bg-a: two failed releases in a row, then a good one ----

  @Test
  @Order(1)
  void greenNeverHealthyEndsFailedBeforeTheSwitchWithBlueServingAndUntouched() throws Exception {
    try (Traffic traffic = Traffic.start("bg-a")) {
      String id = submit("bg-a");
      // green-1 is patched first; once it has rejoined, it reports itself unhealthy and stays so
      probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
          && s.envelope().payload() instanceof StepStarted st && "draining".equals(st.step())
          && "green-2".equals(st.node()), WAIT);
      post(nodeUrl("bg-a", "green-1") + "/admin/health?percent=50&warning=disk%20failing");
      DeploymentFailed failed = probe.awaitPayload(id, DeploymentFailed.class, WAIT);
      assertThat(failed.reason()).contains("AwaitGroupHealthy").contains("before the switch")
          .contains("blue serving and untouched");
      assertThat(payloads(id, SwitchTraffic.class)).as("no switch was ever asked").isEmpty();
      traffic.assertNothingLost();
      assertThat(traffic.report.servedBy().keySet()).as("every request served by blue").isSubsetOf(Set.copyOf(BLUE));
    }
    assertBlueServesOnRelease("bg-a", "1.0.0");
    assertThat(state(lastDeployment("bg-a"))).isEqualTo("FAILED");
    post(nodeUrl("bg-a", "green-1") + "/admin/health?percent=100");
  }

  @Test
  @Order(2)
  void aBreachInTheStabilityWindowSwitchesBackToBlueAtOnceLosingNothing() throws Exception {
    try (Traffic traffic = Traffic.start("bg-a")) {
      CompletableFuture<LoadGenerator.StreamResult> stream = null;
      String id = submit("bg-a");
      probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
          && s.envelope().payload() instanceof SyncState, WAIT);
      stream = traffic.load.stream(6); // starts on blue before the switch
      probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
          && s.envelope().payload() instanceof WatchStability, WAIT);
      // green serves; one of its nodes now reports itself degraded: a breach
      post(nodeUrl("bg-a", "green-2") + "/admin/health?percent=85&warning=replica%20lagging");
      DeploymentRolledBack rolledBack = probe.awaitPayload(id, DeploymentRolledBack.class, WAIT);
      assertThat(rolledBack.reason()).contains("stability window breached on green").contains("switched back to blue");
      List<TrafficSwitched> switches = payloads(id, TrafficSwitched.class);
      assertThat(switches).extracting(TrafficSwitched::to).containsExactly("green", "blue");
      LoadGenerator.StreamResult s = stream.get();
      assertThat(s.complete()).as("the stream that began on blue: " + s).isTrue();
      assertThat(s.node()).isIn(BLUE);
      traffic.assertNothingLost();
      assertThat(traffic.report.servedBy().keySet()).as("green served while it was live").containsAnyElementsOf(GREEN);
    }
    assertBlueServesOnRelease("bg-a", "1.0.0");
    assertThat(state(lastDeployment("bg-a"))).isEqualTo("ROLLED_BACK");
    post(nodeUrl("bg-a", "green-2") + "/admin/health?percent=100");
  }

  @Test
  @Order(3)
  void aGoodReleaseSwitchesToGreenUnderLoadWithZeroFailedRequestsAndKeepsBlueReady() throws Exception {
    LoadGenerator.StreamResult s;
    String id;
    try (Traffic traffic = Traffic.start("bg-a")) {
      id = submit("bg-a");
      probe.await(e -> e.envelope() != null && id.equals(e.envelope().deploymentId())
          && e.envelope().payload() instanceof SyncState, WAIT);
      CompletableFuture<LoadGenerator.StreamResult> stream = traffic.load.stream(6);
      probe.await(e -> e.envelope() != null && id.equals(e.envelope().deploymentId())
          && e.envelope().payload() instanceof SwitchTraffic, WAIT);
      traffic.load.mark("after-switch");
      long switchSent = System.nanoTime();
      probe.awaitPayload(id, TrafficSwitched.class, WAIT);
      traffic.load.mark("on-green");
      probe.awaitPayload(id, DeploymentSucceeded.class, WAIT);
      s = stream.get();
      traffic.stop();
      traffic.assertNothingLost();
      long onlyGreenAfterMs = traffic.report.millisUntilOnlyServedBy(Set.copyOf(GREEN), switchSent, Long.MAX_VALUE);
      System.out.println("[e2e-bg] switch command to all new requests served by green: " + onlyGreenAfterMs + " ms");
      assertThat(onlyGreenAfterMs).as("green ends up serving every new request").isGreaterThanOrEqualTo(0);
    }
    assertThat(s.complete()).as("the stream that began on blue: " + s).isTrue();
    assertThat(s.node()).isIn(BLUE);
    for (String node : GREEN) {
      assertThat(runningVersion("bg-a", node)).isEqualTo("1.1.0");
    }
    for (String node : BLUE) {
      assertThat(runningVersion("bg-a", node)).as("blue kept on the old release as the fallback").isEqualTo("1.0.0");
    }
    Map<String, Server> servers = servers(stack.haproxy("bg-a"));
    assertThat(GREEN).allMatch(n -> servers.get(n).serving(), "green serving: " + servers);
    assertThat(BLUE).noneMatch(n -> servers.get(n).serving());
    assertThat(state(id)).isEqualTo("SUCCEEDED");
  }

  @Test
  @Order(6)
  void withGreenLiveTheNextReleasePatchesBlueAndSwitchesToItLosingNothing() throws Exception {
    String id;
    try (Traffic traffic = Traffic.start("bg-a")) {
      id = submit("bg-a");
      probe.awaitPayload(id, DeploymentSucceeded.class, WAIT);
      traffic.assertNothingLost();
    }
    List<String> drained = payloads(id, dev.relay.contracts.Command.DrainNode.class).stream()
        .map(dev.relay.contracts.Command.DrainNode::node).toList();
    assertThat(drained).as("the idle group, never the live one").containsExactlyElementsOf(BLUE);
    assertThat(payloads(id, TrafficSwitched.class)).extracting(TrafficSwitched::to).containsExactly("blue");
    assertThat(payloads(id, SyncState.class)).extracting(SyncState::to).containsOnly("blue");
    Map<String, Server> servers = servers(stack.haproxy("bg-a"));
    assertThat(BLUE).allMatch(n -> servers.get(n).serving(), "blue serving: " + servers);
    assertThat(GREEN).noneMatch(n -> servers.get(n).serving());
    for (String node : BLUE) {
      assertThat(runningVersion("bg-a", node)).isEqualTo("1.1.0");
    }
    assertThat(state(id)).isEqualTo("SUCCEEDED");
    assertThat(view(id).path("reason").asText()).contains("traffic on blue").contains("green kept ready");
    // the switch and post-deploy gates judged blue, the group switched to, not green (now the fallback)
    assertThat(view(id).path("gates").toString()).contains("green-synced: PASSED blue of bg-a healthy")
        .contains("version-converged: PASSED").contains("key-persistence: PASSED").doesNotContain("chaos-resilience");
  }

  // ---- bg-b: an Audit Export already running, then a Legal Hold while green syncs ----

  @Test
  @Order(4)
  void aDeploymentMeetingLocksIsDeferredResumedWithGatesRunAgainAndHeldBeforeTheSwitch() throws Exception {
    signal("audit-1", "AUDIT_EXPORT", "START", "bg-b");
    probe.await(s -> s.envelope() != null && s.envelope().payload() instanceof ComplianceLockAcquired a
        && "audit-1".equals(a.lockId()), WAIT);
    awaitLocksSeenByOrchestrator();
    String id = submit("bg-b");
    DeploymentDeferred deferred = probe.awaitPayload(id, DeploymentDeferred.class, WAIT);
    assertThat(deferred.locks()).anyMatch(l -> l.contains("audit-1"));
    assertThat(payloads(id, RunGates.class)).as("nothing runs while deferred").isEmpty();
    assertThat(state(id)).isEqualTo("DEFERRED");

    signal("audit-1", "AUDIT_EXPORT", "END", "bg-b");
    DeploymentResumed resumed = probe.awaitPayload(id, DeploymentResumed.class, WAIT);
    assertThat(resumed.reason()).contains("audit-1");
    probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && s.envelope().payload() instanceof RunGates g && g.phase() == GatePhase.PRE_FLIGHT, WAIT);

    // a Legal Hold starts while green is syncing: the saga holds before the switch
    probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && s.envelope().payload() instanceof SyncState, WAIT);
    signal("hold-7", "LEGAL_HOLD", "START", "*");
    probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
        && s.envelope().payload() instanceof DeploymentDeferred d && d.locks().stream().anyMatch(l -> l.contains("hold-7")),
        WAIT);
    assertThat(state(id)).isEqualTo("HELD_BEFORE_SWITCH");
    Thread.sleep(2000);
    assertThat(payloads(id, SwitchTraffic.class)).as("no switch while the Legal Hold runs").isEmpty();
    assertBlueServesOnRelease("bg-b", "1.0.0");

    signal("hold-7", "LEGAL_HOLD", "END", "*");
    probe.awaitPayload(id, DeploymentSucceeded.class, WAIT);
    assertThat(payloads(id, DeploymentResumed.class)).hasSize(2);
    List<RunGates> preSwitch = payloads(id, RunGates.class).stream().filter(g -> g.phase() == GatePhase.PRE_SWITCH)
        .toList();
    assertThat(preSwitch).as("pre-switch gates run again after the hold").hasSizeGreaterThanOrEqualTo(1);
    assertThat(payloads(id, TrafficSwitched.class)).extracting(TrafficSwitched::to).containsExactly("green");
  }

  // ---- bg-c: the Audit Export's worker dies ----

  @Test
  @Order(5)
  void aLockWhoseHeartbeatsStopRaisesAStaleAlertAndKeepsTheDeploymentDeferred() throws Exception {
    signal("audit-dead", "AUDIT_EXPORT", "START", "bg-c");
    probe.await(s -> s.envelope() != null && s.envelope().payload() instanceof ComplianceLockAcquired a
        && "audit-dead".equals(a.lockId()), WAIT);
    awaitLocksSeenByOrchestrator();
    String id = submit("bg-c");
    probe.awaitPayload(id, DeploymentDeferred.class, WAIT);
    // no heartbeat follows: after stale-after (2 s) the watcher raises the alert, and never releases the lock
    ComplianceLockStale stale = (ComplianceLockStale) probe.await(s -> s.envelope() != null
        && s.envelope().payload() instanceof ComplianceLockStale l && "audit-dead".equals(l.lockId()), WAIT)
        .envelope().payload();
    assertThat(stale.scope()).isEqualTo("bg-c");
    Thread.sleep(3000);
    assertThat(state(id)).as("still deferred with a stale lock").isEqualTo("DEFERRED");
    assertThat(probe.seen().stream().anyMatch(s -> s.envelope() != null
        && s.envelope().payload() instanceof ComplianceLockReleased r && "audit-dead".equals(r.lockId()))).isFalse();
    assertThat(payloads(id, RunGates.class)).isEmpty();

    // an operator gives up on this deployment: aborted, nothing touched
    HttpResponse<String> abort = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
            + "/deployments/" + id + "/abort")).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"audit worker dead\",\"requestedBy\":\"it\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(abort.statusCode()).as(abort.body()).isIn(200, 202);
    assertThat(probe.awaitPayload(id, DeploymentAborted.class, WAIT).reason()).contains("audit worker dead");
    assertBlueServesOnRelease("bg-c", "1.0.0");
  }

  // ---- helpers ----

  /** Steady keep-alive load through the cluster's HAProxy and a poller of its server states. */
  static final class Traffic implements AutoCloseable {
    final LoadGenerator load;
    final ServingPoller poller;
    LoadReport report;

    private Traffic(LoadGenerator load, ServingPoller poller) {
      this.load = load;
      this.poller = poller;
    }

    static Traffic start(String cluster) {
      HaproxyProcess h = stack.haproxy(cluster);
      LoadGenerator load = new LoadGenerator(new LoadGenerator.Options(h.frontendUrl(), 8, "/work?ms=1", 5, 10_000));
      load.start();
      return new Traffic(load, new ServingPoller(h));
    }

    void stop() throws InterruptedException {
      if (report == null) {
        report = load.stop();
        poller.close();
        System.out.println("[e2e-bg] load: " + report.counts() + ", served by " + report.servedBy()
            + ", server-state samples " + poller.samples.get() + " (without a serving server: " + poller.empty.get()
            + ")");
      }
    }

    void assertNothingLost() throws InterruptedException {
      stop();
      assertThat(report.total()).as("requests sent").isGreaterThan(100);
      assertThat(report.failed()).as("failed requests: " + report.firstErrors(5)).isZero();
      assertThat(report.resets()).as("connection resets: " + report.firstErrors(5)).isZero();
      assertThat(report.non2xx()).as("non-2xx answers: " + report.firstErrors(5)).isZero();
      assertThat(poller.samples.get()).as("server-state samples").isGreaterThan(10);
      assertThat(poller.empty.get()).as("samples without a serving server: " + poller.firstEmpty.get()).isZero();
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }

  /** One server of {@code show servers state}: serving = running, no maintenance, no drain. */
  record Server(String name, int opState, int adminState) {
    boolean serving() {
      return opState == 2 && (adminState & (0x01 | 0x02 | 0x20 | 0x80 | 0x08 | 0x10)) == 0;
    }
  }

  static Map<String, Server> servers(HaproxyProcess h) throws Exception {
    Map<String, Server> out = new LinkedHashMap<>();
    for (String line : h.command("show servers state " + h.backend()).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (line.startsWith("#") || f.length < 7) {
        continue;
      }
      out.put(f[3], new Server(f[3], Integer.parseInt(f[5]), Integer.parseInt(f[6])));
    }
    return out;
  }

  /** Polls the backend's server states every 20 ms; counts samples in which no server was serving. */
  static final class ServingPoller implements AutoCloseable {
    final AtomicLong samples = new AtomicLong();
    final AtomicLong empty = new AtomicLong();
    final AtomicReference<String> firstEmpty = new AtomicReference<>();
    private volatile boolean running = true;
    private final Thread thread;

    ServingPoller(HaproxyProcess h) {
      thread = new Thread(() -> {
        while (running) {
          try {
            Map<String, Server> s = servers(h);
            samples.incrementAndGet();
            if (s.values().stream().noneMatch(Server::serving)) {
              empty.incrementAndGet();
              firstEmpty.compareAndSet(null, s.toString());
            }
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            empty.incrementAndGet();
            firstEmpty.compareAndSet(null, "runtime API: " + e);
          }
        }
      }, "serving-poller");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(2000);
    }
  }

  static void assertBlueServesOnRelease(String cluster, String version) throws Exception {
    Map<String, Server> servers = servers(stack.haproxy(cluster));
    for (String node : stack.blueIds(cluster)) {
      assertThat(servers.get(node).serving()).as(node + " serving: " + servers).isTrue();
      assertThat(runningVersion(cluster, node)).isEqualTo(version);
    }
    for (String node : stack.greenIds(cluster)) {
      assertThat(servers.get(node).serving()).as(node + " not serving: " + servers).isFalse();
    }
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

  static void signal(String lockId, String kind, String action, String scope) throws Exception {
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("compliance-watcher")
            + "/signals")).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"lockId\":\"" + lockId + "\",\"kind\":\"" + kind
            + "\",\"action\":\"" + action + "\",\"scope\":\"" + scope + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  /** The orchestrator reads compliance.locks as a global table; give it a moment to catch up with the watcher. */
  static void awaitLocksSeenByOrchestrator() throws InterruptedException {
    Thread.sleep(1500);
  }

  static JsonNode view(String id) throws Exception {
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
        + "/deployments/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return Messages.mapper().readTree(r.body());
  }

  static String state(String id) throws Exception {
    return view(id).path("state").asText();
  }

  static String lastDeployment(String cluster) {
    return probe.seen().stream().filter(s -> s.envelope() != null && cluster.equals(s.envelope().clusterId())
            && s.envelope().deploymentId() != null && s.envelope().payload() instanceof dev.relay.contracts.Fact.DeploymentStarted)
        .reduce((a, b) -> b).orElseThrow().envelope().deploymentId();
  }

  static String nodeUrl(String cluster, String node) throws Exception {
    Path nodeDir = new SandboxLayout(stack.sandboxRoot()).nodeDir(cluster, node);
    String port = Files.readString(SandboxLayout.properties(nodeDir)).lines().filter(l -> l.startsWith("port="))
        .findFirst().orElseThrow().substring(5).trim();
    return "http://127.0.0.1:" + port;
  }

  static String runningVersion(String cluster, String node) throws Exception {
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(nodeUrl(cluster, node) + "/status"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    return Messages.mapper().readTree(r.body()).path("version").asText();
  }

  static void post(String url) throws Exception {
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
  }

  static <T> List<T> payloads(String id, Class<T> type) {
    return probe.envelopes(id).stream().map(Envelope::payload).filter(type::isInstance).map(type::cast).toList();
  }
}
