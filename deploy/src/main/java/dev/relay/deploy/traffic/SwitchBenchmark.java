package dev.relay.deploy.traffic;

import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterRegistry;
import dev.relay.contracts.Command.AwaitGroupHealthy;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.GroupHealthy;
import dev.relay.contracts.Fact.NodeCommandFailed;
import dev.relay.contracts.Fact.TrafficSwitched;
import dev.relay.contracts.Topics;
import dev.relay.deploy.Proc;
import dev.relay.sandbox.release.ClusterSpec;
import dev.relay.sandbox.release.Digests;
import dev.relay.sandbox.release.ReleaseArchive;
import dev.relay.sandbox.release.SandboxProvisioner;
import dev.relay.sandbox.traffic.HaproxyConfig;
import dev.relay.sandbox.traffic.HaproxyProcess;
import dev.relay.sandbox.traffic.LoadGenerator;
import dev.relay.sandbox.traffic.LoadReport;
import dev.relay.testkit.TopicProbe;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The zero-downtime benchmark (not a test): a real Kafka broker, node-adapter as its packaged application, blue (2
 * sandbox nodes) and green (2) behind a real HAProxy, and steady keep-alive load through HAProxy with one streaming
 * read. Sends SwitchTraffic(green) over the broker as the orchestrator would, then SwitchTraffic(blue) (the
 * rollback), and prints the counts (failed, resets, non-2xx), latency percentiles before, during and after each
 * switch, the stream's outcome, and the time from each switch command to the moment after which every new request
 * was served by the new group. Usage: {@code SwitchBenchmark [connections] [phaseSeconds] [streamSeconds]}; the run's
 * files (logs, HAProxy's configuration) stay in {@code <relay.home>/deploy/target/bench}.
 */
public final class SwitchBenchmark {

  static final String CLUSTER = "bench-bg";
  static final String BACKEND = "bg";

  private final List<Proc> procs = new ArrayList<>();
  private final SandboxProvisioner provisioner = new SandboxProvisioner();
  private HaproxyProcess haproxy;
  private Path sandboxRoot;

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int phaseSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int streamSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Path home = Path.of(System.getProperty("relay.home", ".")).toAbsolutePath().normalize();
    SwitchBenchmark bench = new SwitchBenchmark();
    Thread hook = new Thread(bench::stopAll, "bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    try {
      code = bench.run(home, home.resolve("deploy/target/bench"), connections, phaseSeconds, streamSeconds);
    } finally {
      bench.stopAll();
    }
    System.exit(code);
  }

  int run(Path home, Path dir, int connections, int phaseSeconds, int streamSeconds) throws Exception {
    deleteTree(dir);
    Files.createDirectories(dir);
    sandboxRoot = dir.resolve("sandbox");
    Path release = dir.resolve("sandbox-node-1.0.0.tar.gz");
    ReleaseArchive.pack(jar(home.resolve("sandbox-node/target"), "sandbox-node-[0-9.]+(-SNAPSHOT)?\\.jar"), "1.0.0",
        release);
    String digest = Digests.of(release);
    List<ClusterSpec.NodeSpec> blue = List.of(new ClusterSpec.NodeSpec("blue-1", freePort()),
        new ClusterSpec.NodeSpec("blue-2", freePort()));
    List<ClusterSpec.NodeSpec> green = List.of(new ClusterSpec.NodeSpec("green-1", freePort()),
        new ClusterSpec.NodeSpec("green-2", freePort()));
    provisioner.provision(sandboxRoot, new ClusterSpec(CLUSTER, blue, release, digest, 200, 300));
    provisioner.provision(sandboxRoot, new ClusterSpec(CLUSTER, green, release, digest, 200, 300));
    awaitReady(blue);
    awaitReady(green);
    say("sandbox nodes: blue-1, blue-2 (serving), green-1, green-2 (in maintenance), release 1.0.0");

    Path lb = dir.resolve("haproxy");
    haproxy = HaproxyProcess.start(lb, new HaproxyConfig(BACKEND, freePort(), lb.resolve("admin.sock"),
        lb.resolve("server-state"), servers(blue), servers(green), 200), Duration.ofSeconds(20));
    say("HAProxy " + haproxy.frontendUrl() + " (pid " + haproxy.pid() + "), runtime API " + haproxy.socket());

    int brokerPort = freePort();
    String bootstrap = "127.0.0.1:" + brokerPort;
    Proc broker = startJava(dir, "kafka-broker", List.of("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
        "dev.relay.testkit.StandaloneBroker", List.of(dir.resolve("kafka").toString(), String.valueOf(brokerPort),
            String.valueOf(freePort())));
    awaitLog(broker, "topics ready", Duration.ofSeconds(90));
    say("Kafka broker " + bootstrap + " (pid " + broker.pid() + ")");

    Path clusters = dir.resolve("clusters.json");
    new ClusterRegistry(List.of(new ClusterProfile(CLUSTER, "ENTERPRISE", "sandbox", nodes(blue), nodes(green),
        new ClusterProfile.Traffic(haproxy.socket().toString(), BACKEND, haproxy.frontendUrl())))).save(clusters);
    int adapterPort = freePort();
    Path app = home.resolve("node-adapter/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(app)) {
      throw new IllegalStateException(app + " is missing: build node-adapter first");
    }
    Proc adapter = start(dir, "node-adapter", List.of(java(), "-Xmx192m", "-XX:+UseSerialGC",
        "-Dquarkus.http.port=" + adapterPort, "-Dkafka.bootstrap.servers=" + bootstrap,
        "-Drelay.clusters-file=" + clusters, "-Drelay.sandbox.root=" + sandboxRoot,
        "-Drelay.artifact-service.url=http://127.0.0.1:1", "-Drelay.node.poll-interval=100ms",
        "-Dquarkus.log.file.enabled=false", "-jar", app.toString()));
    awaitHttp(adapter, "http://127.0.0.1:" + adapterPort + "/clusters/" + CLUSTER + "/health", Duration.ofSeconds(120));
    say("node-adapter :" + adapterPort + " (pid " + adapter.pid() + ")");

    try (TopicProbe probe = new TopicProbe(bootstrap, Topics.EVENTS)) {
      String warm = "bench-warm-" + UUID.randomUUID();
      long warmStart = System.nanoTime();
      probe.send(Topics.NODE_COMMANDS, Envelope.of(warm, CLUSTER, Instant.now(),
          new AwaitGroupHealthy("green", Instant.now().plusSeconds(60))));
      probe.awaitPayload(warm, GroupHealthy.class, Duration.ofSeconds(90));
      say("warm-up over Kafka: AwaitGroupHealthy(green) -> GroupHealthy in "
          + (System.nanoTime() - warmStart) / 1_000_000 + " ms (first command: consumer and producer start)");
      LoadGenerator load = new LoadGenerator(new LoadGenerator.Options(haproxy.frontendUrl(), connections,
          "/work?ms=1", 2, 10_000));
      say("load: " + connections + " keep-alive connections (GET /work?ms=1, 2 ms pause each), one " + streamSeconds
          + " s stream; " + phaseSeconds + " s per phase");
      load.start();
      Thread.sleep(phaseSeconds * 1000L);
      CompletableFuture<LoadGenerator.StreamResult> stream = load.stream(streamSeconds);
      Thread.sleep(1000);
      Switch toGreen = switchTo(probe, load, "green");
      load.mark("after-green");
      Thread.sleep(phaseSeconds * 1000L);
      Switch toBlue = switchTo(probe, load, "blue");
      load.mark("after-rollback");
      Thread.sleep(phaseSeconds * 1000L);
      LoadReport report = load.stop();
      LoadGenerator.StreamResult s = stream.get();

      System.out.println();
      System.out.println("counts: " + report.counts());
      System.out.println("  failed requests " + report.failed() + ", connection resets " + report.resets()
          + ", non-2xx answers " + report.non2xx());
      System.out.println("stream (" + streamSeconds + " s, started on " + s.node() + " before the switch): "
          + (s.complete() ? "finished whole, " + s.linesRead() + "/" + s.linesExpected() + " lines"
          : "DROPPED after " + s.linesRead() + "/" + s.linesExpected() + " lines: " + s.error()));
      System.out.println("latency per phase (ms):");
      System.out.printf("  %-15s %9s %8s %8s %8s %8s%n", "phase", "requests", "p50", "p90", "p99", "max");
      for (LoadReport.Latency l : report.latencies()) {
        System.out.printf("  %-15s %9d %8.2f %8.2f %8.2f %8.2f%n", l.phase(), l.requests(), l.p50() / 1000.0,
            l.p90() / 1000.0, l.p99() / 1000.0, l.max() / 1000.0);
      }
      long[] until = {toBlue.sentNanos(), Long.MAX_VALUE};
      List<Switch> switches = List.of(toGreen, toBlue);
      for (int i = 0; i < switches.size(); i++) {
        Switch sw = switches.get(i);
        Set<String> group = sw.to().equals("green") ? Set.of("green-1", "green-2") : Set.of("blue-1", "blue-2");
        System.out.println("switch to " + sw.to() + ": " + sw.outcome() + "; command to fact received "
            + sw.roundTripMillis() + " ms; command to all new requests served by " + sw.to() + ": "
            + report.millisUntilOnlyServedBy(group, sw.sentNanos(), until[i]) + " ms");
      }
      boolean zero = report.failed() == 0 && report.resets() == 0 && report.non2xx() == 0 && s.complete()
          && toGreen.fact() instanceof TrafficSwitched && toBlue.fact() instanceof TrafficSwitched;
      System.out.println(zero ? "ZERO DOWNTIME: nothing failed, reset or answered outside 2xx; the stream finished"
          : "NOT zero downtime: see the counts above");
      return zero ? 0 : 1;
    }
  }

  /** One switch as the benchmark saw it. */
  record Switch(String to, long sentNanos, long roundTripMillis, Fact fact) {
    String outcome() {
      if (fact instanceof TrafficSwitched t) {
        return "TrafficSwitched, switchMillis " + t.switchMillis() + " (node-adapter: command to last server drained)";
      }
      return fact instanceof NodeCommandFailed f ? "FAILED: " + f.reason() : String.valueOf(fact);
    }
  }

  private static Switch switchTo(TopicProbe probe, LoadGenerator load, String to) {
    load.mark("switch-" + to);
    String id = "bench-" + UUID.randomUUID();
    long sent = System.nanoTime();
    probe.send(Topics.NODE_COMMANDS, Envelope.of(id, CLUSTER, Instant.now(),
        new SwitchTraffic(to, Instant.now().plusSeconds(60))));
    TopicProbe.Seen seen = probe.await(x -> x.envelope() != null && id.equals(x.envelope().deploymentId())
        && (x.envelope().payload() instanceof TrafficSwitched || x.envelope().payload() instanceof NodeCommandFailed),
        Duration.ofSeconds(90));
    long rt = (System.nanoTime() - sent) / 1_000_000;
    say("switch to " + to + ": " + seen.envelope().payload() + " after " + rt + " ms");
    return new Switch(to, sent, rt, (Fact) seen.envelope().payload());
  }

  private static List<HaproxyConfig.Server> servers(List<ClusterSpec.NodeSpec> nodes) {
    return nodes.stream().map(n -> new HaproxyConfig.Server(n.nodeId(), n.port())).toList();
  }

  private static List<ClusterProfile.Node> nodes(List<ClusterSpec.NodeSpec> nodes) {
    return nodes.stream().map(n -> new ClusterProfile.Node(n.nodeId(), n.url())).toList();
  }

  private static void awaitReady(List<ClusterSpec.NodeSpec> nodes) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
    for (ClusterSpec.NodeSpec n : nodes) {
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!answers200(http, n.url() + "/ready")) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException(n.nodeId() + " not ready within 30 s");
        }
        Thread.sleep(100);
      }
    }
  }

  private static boolean answers200(HttpClient http, String url) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitHttp(Proc p, String url, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long end = System.nanoTime() + timeout.toNanos();
    while (!answers200(http, url)) {
      if (!p.alive() || System.nanoTime() > end) {
        throw new IllegalStateException(p.name() + " not ready:\n" + p.tail(30));
      }
      Thread.sleep(250);
    }
  }

  private static void awaitLog(Proc p, String text, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!p.tail(50).contains(text)) {
      if (!p.alive() || System.nanoTime() > end) {
        throw new IllegalStateException(p.name() + " not ready:\n" + p.tail(30));
      }
      Thread.sleep(200);
    }
  }

  private Proc startJava(Path dir, String name, List<String> jvm, String main, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(jvm);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(args);
    return start(dir, name, cmd);
  }

  private Proc start(Path dir, String name, List<String> cmd) throws IOException {
    Proc p = Proc.start(name, cmd, java.util.Map.of(), dir.resolve("logs").resolve(name + ".log"));
    procs.add(p);
    return p;
  }

  private synchronized void stopAll() {
    for (int i = procs.size() - 1; i >= 0; i--) {
      procs.get(i).stop(Duration.ofSeconds(10));
    }
    procs.clear();
    if (haproxy != null) {
      haproxy.close();
      haproxy = null;
    }
    if (sandboxRoot != null) {
      try {
        provisioner.stopAll(sandboxRoot, CLUSTER);
      } catch (IOException e) {
        System.err.println("stopping the sandbox nodes: " + e.getMessage());
      }
      sandboxRoot = null;
    }
  }

  private static Path jar(Path dir, String pattern) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().matches(pattern)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no jar matching " + pattern + " in " + dir + ": build first"));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void say(String what) {
    System.out.println("[bench] " + what);
  }
}
