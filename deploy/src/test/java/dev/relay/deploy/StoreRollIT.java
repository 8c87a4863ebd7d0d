package dev.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.DeploymentSucceeded;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Topics;
import dev.relay.sandbox.release.ReleaseArchive;
import dev.relay.sandbox.release.ReleaseInstaller;
import dev.relay.sandbox.release.SandboxLayout;
import dev.relay.store.release.StoreRelease;
import dev.relay.testkit.InProcessKafka;
import dev.relay.testkit.TopicProbe;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real replicated store as the Tier 1 target: two 3-member Hazelcast store clusters (each member its own process,
 * one synchronous backup), the same small partition count and slow migration interval on every member. One is rolled
 * to a signed 1.1.0 through the real saga over the real broker, the packaged services as processes: every entry is
 * there afterwards and no view ever showed two members out. The other is rolled naively (kill -9, restart on 1.1.0,
 * next member as soon as the restarted one answers, without waiting for the cluster to be safe): entries are lost.
 */
class StoreRollIT {

  static final String TOKEN = "it-token";
  static final String ROLLED = "store-roll";
  static final String NAIVE = "store-naive";
  static final int ENTRIES = 100_000;
  /** Alike on every member of both clusters: few partitions, one migration per second. */
  static final Map<String, String> HZ = Map.of(
      "hazelcast.partition.count", "7",
      "hazelcast.partition.migration.interval", "1");
  static LocalStack stack;
  static TopicProbe probe;
  static final StoreClient store = new StoreClient();
  static final Map<String, List<String>> urls = new java.util.HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    InProcessKafka kafka = InProcessKafka.shared();
    Path home = E2e.home();
    Path dir = E2e.workDir("store-e2e-");
    Map<String, Integer> ports = E2e.servicePorts();
    int rolledBase = Ports.free() + 100;
    int naiveBase = rolledBase + 20;
    List<LocalStack.ClusterSetup> clusters = List.of(
        LocalStack.ClusterSetup.store(ROLLED, "SME", 3, rolledBase, HZ),
        LocalStack.ClusterSetup.store(NAIVE, "SME", 3, naiveBase, HZ));
    for (LocalStack.ClusterSetup c : clusters) {
      List<String> u = new ArrayList<>();
      for (int i = 0; i < c.nodes(); i++) {
        u.add("http://127.0.0.1:" + (c.basePort() + i));
      }
      urls.put(c.id(), u);
    }
    stack = new LocalStack(new LocalStack.Config(home, dir, kafka.bootstrapServers(), 0, 0, ports, TOKEN, clusters,
        Map.of("orchestrator-service", Map.of(
                "relay.saga.resend-interval", "10m",
                "relay.saga.rebalance", "5m",
                "relay.saga.tick-interval", "250ms"),
            // a member's graceful stop hands its partitions off, one migration per second here
            "node-adapter", Map.of("relay.node.stop-grace", "3m"))));
    stack.start(line -> System.out.println("[store-e2e] " + line));
    probe = new TopicProbe(kafka.bootstrapServers(), Topics.EVENTS, Topics.NODE_COMMANDS);
  }

  @AfterAll
  static void stop() {
    E2e.close(probe, stack);
  }

  static void say(String line) {
    System.out.println("[store-e2e] " + line);
  }

  /** Loads the entries through the first member, reads them all back through the last, waits until it is safe. */
  static long loadEntries(List<String> nodes) throws Exception {
    store.awaitFull(nodes, Duration.ofMinutes(1));
    store.load(nodes.get(0), ENTRIES);
    long before = store.present(nodes.get(2), ENTRIES);
    assertThat(before).isEqualTo(ENTRIES);
    store.awaitFull(nodes, Duration.ofMinutes(1));
    return before;
  }

  static String version(String url) throws Exception {
    HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(url + "/status"))
        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return Messages.mapper().readTree(r.body()).path("version").asText();
  }

  @Test
  void theOrchestratedRollKeepsEveryEntryWithNeverTwoMembersOut() throws Exception {
    List<String> nodes = urls.get(ROLLED);
    long before = loadEntries(nodes);

    long t0 = System.nanoTime();
    Envelope end;
    try (OutSampler sampler = new OutSampler(nodes, 200)) {
      HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
              + "/deployments"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"cluster\":\"" + ROLLED + "\",\"artifact\":\""
              + StoreRelease.ARTIFACT + "\",\"version\":\"1.1.0\",\"requestedBy\":\"it\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      String id = Messages.mapper().readTree(r.body()).path("deploymentId").asText();
      end = probe.await(s -> s.envelope() != null && id.equals(s.envelope().deploymentId())
          && s.envelope().payload() instanceof dev.relay.contracts.Fact.Terminal, Duration.ofMinutes(8)).envelope();
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      long after = store.present(nodes.get(1), ENTRIES);
      say("ORCHESTRATED roll of " + ROLLED + ": " + Messages.typeName(end.payload().getClass()) + " in " + seconds
          + " s; entries before " + before + ", after " + after + "; most members out in any view: "
          + sampler.maxOut() + " over " + sampler.samples() + " samples");
      assertThat(end.payload()).as(end.payload().toString()).isInstanceOf(DeploymentSucceeded.class);
      assertThat(after).as("every entry kept").isEqualTo(ENTRIES);
      assertThat(sampler.samples()).isPositive();
      assertThat(sampler.maxOut()).as("never two members out; the sampler saw the one being rolled").isEqualTo(1);
    }
    for (String url : nodes) {
      assertThat(version(url)).isEqualTo("1.1.0");
    }
  }

  @Test
  void aNaiveRollWithoutWaitingForTheClusterToBeSafeLosesEntries() throws Exception {
    List<String> nodes = urls.get(NAIVE);
    long before = loadEntries(nodes);

    SandboxLayout layout = new SandboxLayout(stack.sandboxRoot());
    ReleaseInstaller installer = new ReleaseInstaller(layout, new ReleaseArchive());
    Path tar = stack.releaseArchive(StoreRelease.ARTIFACT, "1.1.0");
    long t0 = System.nanoTime();
    for (int i = 0; i < nodes.size(); i++) {
      Path dir = layout.nodeDir(NAIVE, "node-" + (i + 1));
      ProcessHandle h = layout.runningProcess(dir).orElseThrow(() -> new AssertionError(dir + " is not running"));
      h.destroyForcibly(); // kill -9: no hand-off
      h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      layout.switchCurrent(dir, installer.install(dir, tar, "1.1.0", stack.storeDigest("1.1.0")).release());
      layout.start(dir);
      awaitAnswer(nodes.get(i), Duration.ofSeconds(60)); // answers once its member joined; the cluster is not safe
      say("naive roll: node-" + (i + 1) + " killed and restarted on 1.1.0, next without waiting");
    }
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    store.awaitFull(nodes, Duration.ofMinutes(3)); // settled: what is missing now is gone
    long after = store.present(nodes.get(0), ENTRIES);
    say("NAIVE roll of " + NAIVE + " in " + seconds + " s: entries before " + before + ", after " + after + " ("
        + (ENTRIES - after) + " lost, " + (ENTRIES - after) * 100 / ENTRIES + "%)");
    assertThat(after).as("a naive roll loses entries").isLessThan(ENTRIES);
    for (String url : nodes) {
      assertThat(version(url)).isEqualTo("1.1.0");
    }
  }

  static void awaitAnswer(String url, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try {
        version(url);
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError(url + " did not answer within " + timeout);
  }
}
