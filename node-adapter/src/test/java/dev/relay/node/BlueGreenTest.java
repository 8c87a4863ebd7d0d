package dev.relay.node;

import static dev.relay.node.SandboxClusterResource.BACKEND;
import static dev.relay.node.SandboxClusterResource.BG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Command.AwaitGroupHealthy;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.NodeCommand;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.StopReplication;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Command.SyncState;
import dev.relay.contracts.Command.WatchStability;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.GroupHealthy;
import dev.relay.contracts.Fact.NodeCommandFailed;
import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.contracts.Fact.NodeRejoined;
import dev.relay.contracts.Fact.ReplicationStopped;
import dev.relay.contracts.Fact.StabilityBreached;
import dev.relay.contracts.Fact.StabilityConfirmed;
import dev.relay.contracts.Fact.StateSynced;
import dev.relay.contracts.Fact.TrafficSwitched;
import dev.relay.contracts.Topics;
import dev.relay.node.traffic.HaproxyRuntimeApi;
import dev.relay.node.traffic.ServerState;
import dev.relay.node.traffic.ServerStat;
import dev.relay.sandbox.traffic.LoadGenerator;
import dev.relay.sandbox.traffic.LoadReport;
import dev.relay.sandbox.traffic.Sample;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tier 2 node commands over the real broker against real sandbox processes, blue (2 nodes) and green (2 nodes),
 * behind a real HAProxy: group health, state sync, and traffic switches under steady keep-alive load with a
 * streaming read, counting failed requests, resets and non-2xx answers (all must be zero) while a poller asserts
 * that some server always serves.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(SandboxClusterResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlueGreenTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static TopicProbe probe;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "test.bg.frontend")
  String frontend;

  @ConfigProperty(name = "test.bg.socket")
  String socket;

  @ConfigProperty(name = "test.node.blue-1.url")
  String blue1;

  @ConfigProperty(name = "test.node.blue-2.url")
  String blue2;

  @ConfigProperty(name = "test.node.green-1.url")
  String green1;

  @ConfigProperty(name = "test.node.green-2.url")
  String green2;

  @BeforeEach
  void probe() {
    if (probe == null) {
      probe = new TopicProbe(bootstrap, Topics.EVENTS);
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

  static String send(NodeCommand cmd) {
    String id = "dep-" + UUID.randomUUID();
    probe.send(Topics.NODE_COMMANDS, Envelope.of(id, BG, Instant.now(), cmd));
    return id;
  }

  static <T> T await(String id, Class<T> type) {
    return probe.awaitPayload(id, type, WAIT);
  }

  HaproxyRuntimeApi api() {
    return new HaproxyRuntimeApi(socket);
  }

  /** Polls {@code show servers state} until stopped; counts the samples in which no server was serving. */
  static final class ServingPoller implements AutoCloseable {
    final AtomicLong samples = new AtomicLong();
    final AtomicLong empty = new AtomicLong();
    final AtomicReference<String> firstEmpty = new AtomicReference<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Thread thread;

    ServingPoller(HaproxyRuntimeApi api) {
      thread = new Thread(() -> {
        while (running.get()) {
          try {
            List<ServerState> states = api.serversState(BACKEND);
            samples.incrementAndGet();
            if (states.stream().noneMatch(ServerState::serving)) {
              empty.incrementAndGet();
              firstEmpty.compareAndSet(null, states.toString());
            }
            Thread.sleep(10);
          } catch (Exception e) {
            firstEmpty.compareAndSet(null, "poll failed: " + e);
            empty.incrementAndGet();
          }
        }
      }, "serving-poller");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(5_000);
    }
  }

  Map<String, ServerStat> stats() throws Exception {
    Map<String, ServerStat> m = new java.util.TreeMap<>();
    api().stats(BACKEND).forEach(s -> m.put(s.name(), s));
    return m;
  }

  static void post(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
  }

  static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static int put(String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  @Order(0)
  void aNodeOfTheLiveGroupIsNeverDrainedOrPatched() throws Exception {
    NodeCommandFailed drain = await(send(new DrainNode("blue-1", in(30))), NodeCommandFailed.class);
    assertThat(drain.reason()).contains("refusing DrainNode on blue-1").contains("serves client traffic");
    NodeCommandFailed patch = await(send(new PatchNode("blue-2", "sandbox-node", "1.1.0", "sha256:" + "0".repeat(64),
        in(30))), NodeCommandFailed.class);
    assertThat(patch.reason()).contains("refusing PatchNode on blue-2").contains("the live group");
    Map<String, ServerState> after = api().serversState(BACKEND).stream()
        .collect(java.util.stream.Collectors.toMap(ServerState::name, x -> x));
    assertThat(after.get("blue-1").serving()).isTrue();
    assertThat(after.get("blue-2").serving()).isTrue();
  }

  @Test
  @Order(1)
  void groupHealthAndNodeCommandsOnGreenNodeIds() {
    assertThat(await(send(new AwaitGroupHealthy("green", in(30))), GroupHealthy.class))
        .isEqualTo(new GroupHealthy("green", 100));
    assertThat(await(send(new AwaitGroupHealthy("blue", in(30))), GroupHealthy.class))
        .isEqualTo(new GroupHealthy("blue", 100));
    assertThat(await(send(new AwaitGroupHealthy("purple", in(30))), NodeCommandFailed.class))
        .isEqualTo(new NodeCommandFailed("purple", "AwaitGroupHealthy", "unknown group 'purple' (blue or green)"));

    NodeDrained drained = await(send(new DrainNode("green-1", in(30))), NodeDrained.class);
    assertThat(drained.node()).isEqualTo("green-1");
    assertThat(drained.runningVersion()).isEqualTo("1.0.0");
    assertThat(drained.nodeKeyFingerprint()).as("the node key's fingerprint, reported at the drain").hasSize(16);
    NodeRejoined rejoined = await(send(new RejoinNode("green-1", "1.0.0", in(30))), NodeRejoined.class);
    assertThat(rejoined.node()).isEqualTo("green-1");
    assertThat(rejoined.version()).isEqualTo("1.0.0");
    assertThat(rejoined.nodeKeyFingerprint()).as("the same node key after the rejoin")
        .isEqualTo(drained.nodeKeyFingerprint());
    assertThat(await(send(new AwaitGroupHealthy("green", in(30))), GroupHealthy.class).healthPercent()).isEqualTo(100);
  }

  @Test
  @Order(2)
  void greenCatchesUpWithBluesHotStateThenReplicationStops() throws Exception {
    assertThat(put(blue1 + "/state/user-1", "alice")).isEqualTo(200);
    assertThat(put(blue2 + "/state/user-2", "bob")).isEqualTo(200);
    for (int i = 0; i < 20; i++) {
      post(frontend + "/work?write=1");
    }
    assertThat(await(send(new SyncState(in(30))), StateSynced.class)).isEqualTo(new StateSynced(0));
    assertThat(get(green1 + "/state")).isEqualTo(get(blue1 + "/state")).contains("\"user-1\":\"alice\"");
    assertThat(get(green2 + "/state")).isEqualTo(get(blue2 + "/state")).contains("\"user-2\":\"bob\"");
    assertThat(get(green1 + "/status")).contains("\"replicatingFrom\":\"" + blue1 + "\"");

    assertThat(await(send(new StopReplication(in(30))), ReplicationStopped.class)).isEqualTo(new ReplicationStopped());
    assertThat(get(green1 + "/status")).contains("\"replicatingFrom\":null");
    assertThat(get(green2 + "/status")).contains("\"replicatingFrom\":null");
    assertThat(await(send(new StopReplication(in(30))), ReplicationStopped.class)).isEqualTo(new ReplicationStopped());

    // once green is live, the next deployment patches blue: blue then follows green
    assertThat(put(green1 + "/state/user-3", "carol")).isEqualTo(200);
    assertThat(await(send(new SyncState("blue", in(30))), StateSynced.class)).isEqualTo(new StateSynced(0));
    assertThat(get(blue1 + "/state")).isEqualTo(get(green1 + "/state")).contains("\"user-3\":\"carol\"");
    assertThat(get(blue1 + "/status")).contains("\"replicatingFrom\":\"" + green1 + "\"");
    assertThat(get(green1 + "/status")).contains("\"replicatingFrom\":null");
    assertThat(await(send(new StopReplication("blue", in(30))), ReplicationStopped.class))
        .isEqualTo(new ReplicationStopped());
    assertThat(get(blue1 + "/status")).contains("\"replicatingFrom\":null");
    assertThat(get(blue2 + "/status")).contains("\"replicatingFrom\":null");
  }

  @Test
  @Order(3)
  void switchToGreenAndBackUnderLoadDropsNothingAndNeverEmptiesTheBackend() throws Exception {
    LoadGenerator load = new LoadGenerator(new LoadGenerator.Options(frontend, 16, "/work?ms=1", 5, 10_000));
    LoadReport report;
    LoadGenerator.StreamResult stream;
    String first;
    String back;
    try (ServingPoller poller = new ServingPoller(api())) {
      load.start();
      CompletableFuture<LoadGenerator.StreamResult> streaming = load.stream(4);
      Thread.sleep(800);
      load.mark("to-green");
      first = send(new SwitchTraffic("green", in(40)));
      TrafficSwitched toGreen = await(first, TrafficSwitched.class);
      assertThat(toGreen.to()).isEqualTo("green");
      load.mark("on-green");
      Thread.sleep(800);
      load.mark("to-blue");
      back = send(new SwitchTraffic("blue", in(40)));
      assertThat(await(back, TrafficSwitched.class).to()).isEqualTo("blue");
      load.mark("on-blue");
      Thread.sleep(800);
      report = load.stop();
      stream = streaming.get();
      poller.close();
      assertThat(poller.empty.get()).as("samples without a serving server: " + poller.firstEmpty.get()).isZero();
      assertThat(poller.samples.get()).isPositive();
    }
    assertThat(report.failed()).as(report.firstErrors(5).toString()).isZero();
    assertThat(report.resets()).as(report.firstErrors(5).toString()).isZero();
    assertThat(report.non2xx()).as(report.firstErrors(5).toString()).isZero();
    assertThat(report.servedBy()).containsKeys("blue-1", "blue-2", "green-1", "green-2");
    List<Sample> onGreen = report.samples().stream().filter(s -> s.phase().equals("on-green")).toList();
    List<Sample> onBlue = report.samples().stream().filter(s -> s.phase().equals("on-blue")).toList();
    assertThat(onGreen).isNotEmpty().allMatch(s -> s.node().startsWith("green-"));
    assertThat(onBlue).isNotEmpty().allMatch(s -> s.node().startsWith("blue-"));
    assertThat(stream.complete()).as(String.valueOf(stream.error())).isTrue();
    assertThat(stream.linesRead()).isEqualTo(4);
    assertThat(stream.node()).startsWith("blue-");

    Map<String, ServerStat> after = stats();
    assertThat(after.get("blue-1").serving()).isTrue();
    assertThat(after.get("blue-2").serving()).isTrue();
    assertThat(after.get("green-1").maint()).isTrue();
    assertThat(after.get("green-2").maint()).isTrue();

    // the same command again: the desired end already holds
    String again = send(new SwitchTraffic("blue", in(30)));
    assertThat(await(again, TrafficSwitched.class).to()).isEqualTo("blue");
  }

  @Test
  @Order(4)
  void aGreenThatNeverServesLeavesTrafficOnBlueAndFailsWithTheReason() throws Exception {
    post(green2 + "/admin/drain");
    try (ServingPoller poller = new ServingPoller(api())) {
      LoadGenerator load = new LoadGenerator(new LoadGenerator.Options(frontend, 8, "/work", 5, 10_000));
      load.start();
      NodeCommandFailed failed = await(send(new SwitchTraffic("green", in(4))), NodeCommandFailed.class);
      LoadReport report = load.stop();
      poller.close();
      assertThat(failed.node()).isEqualTo("green");
      assertThat(failed.command()).isEqualTo("SwitchTraffic");
      assertThat(failed.reason()).contains("green never served").contains("green-2 DOWN").contains(
          "traffic stays on blue");
      assertThat(report.failed() + report.resets() + report.non2xx()).as(report.firstErrors(5).toString()).isZero();
      assertThat(poller.empty.get()).as(String.valueOf(poller.firstEmpty.get())).isZero();
      Map<String, ServerStat> after = stats();
      assertThat(after.get("blue-1").serving()).isTrue();
      assertThat(after.get("blue-2").serving()).isTrue();
      assertThat(after.get("green-1").maint()).isTrue();
      assertThat(after.get("green-2").maint()).isTrue();
    } finally {
      post(green2 + "/admin/undrain");
    }
  }

  @Test
  @Order(5)
  void stabilityIsConfirmedOnACleanWindowAndBreachedByErrorsInHaproxysCounters() throws Exception {
    LoadGenerator load = new LoadGenerator(new LoadGenerator.Options(frontend, 4, "/work", 10, 10_000));
    load.start();
    try {
      StabilityConfirmed ok = await(send(new WatchStability("blue", Duration.ofSeconds(1), 0, in(20))),
          StabilityConfirmed.class);
      assertThat(ok.group()).isEqualTo("blue");
      assertThat(ok.requests()).isPositive();
      assertThat(ok.errors()).isZero();

      post(blue1 + "/admin/fail?percent=100");
      StabilityBreached breached = await(send(new WatchStability("blue", Duration.ofSeconds(20), 0, in(30))),
          StabilityBreached.class);
      assertThat(breached.group()).isEqualTo("blue");
      assertThat(breached.reason()).contains("errors (5xx, connection, response) on blue");
    } finally {
      post(blue1 + "/admin/fail?percent=0");
      load.stop();
    }
  }

  /**
   * A stream longer than the drain limit (6 s here; 10 min by default) that began on blue: blue is put in
   * maintenance at the limit and its sessions cut, so the switch ends on time and the stream counts as dropped. The
   * backend is never empty meanwhile.
   */
  @Test
  @Order(6)
  void aStreamLongerThanTheDrainLimitIsCutAtTheLimitAndCountsAsDropped() throws Exception {
    assertThat(stats().get("blue-1").serving()).as("blue serves before the switch").isTrue();
    LoadGenerator load = new LoadGenerator(new LoadGenerator.Options(frontend, 1, "/work", 50, 10_000));
    LoadGenerator.StreamResult stream;
    long switchMs;
    try (ServingPoller poller = new ServingPoller(api())) {
      CompletableFuture<LoadGenerator.StreamResult> streaming = load.stream(30);
      Thread.sleep(1000);
      long t0 = System.nanoTime();
      TrafficSwitched toGreen = await(send(new SwitchTraffic("green", in(40))), TrafficSwitched.class);
      switchMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(toGreen.to()).isEqualTo("green");
      stream = streaming.get(30, java.util.concurrent.TimeUnit.SECONDS);
      poller.close();
      assertThat(poller.empty.get()).as(String.valueOf(poller.firstEmpty.get())).isZero();
    }
    assertThat(stream.node()).as("it began on blue").startsWith("blue-");
    assertThat(stream.dropped()).as("cut at the drain limit: " + stream).isTrue();
    assertThat(stream.linesRead()).isLessThan(30);
    System.out.println("[bg] switch with a 30 s stream on blue ended in " + switchMs + " ms; stream: " + stream);
    Map<String, ServerStat> after = stats();
    assertThat(after.get("green-1").serving()).isTrue();
    assertThat(after.get("blue-1").maint()).isTrue();
    assertThat(after.get("blue-2").maint()).isTrue();
    assertThat(await(send(new SwitchTraffic("blue", in(40))), TrafficSwitched.class).to()).isEqualTo("blue");
  }
}
