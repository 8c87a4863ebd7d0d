package dev.relay.deploy;

import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterRegistry;
import dev.relay.sandbox.release.ClusterSpec;
import dev.relay.sandbox.release.ReleaseArchive;
import dev.relay.sandbox.release.SandboxProvisioner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The whole system on one machine: a real Kafka broker (its own process, or one the caller gives), the five services
 * as their packaged Quarkus applications, a sandbox cluster of real node processes on release 1.0.0, and a 1.1.0
 * release signed with a key made for the run by the real minisign tool and imported into the local registry.
 * Everything it starts it stops, also on Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {

  /** A cluster to provision: nodes get consecutive ports from basePort. */
  public record ClusterSetup(String id, String plan, int nodes, int basePort, long joinDelayMs, long rebalanceMs) {}

  /**
   * @param home the repository root (holding the built modules)
   * @param dir where this run keeps its data, logs and keys
   * @param bootstrap an existing broker to use, or null to start one on brokerPort/controllerPort
   * @param serviceProps extra system properties per service name (e.g. saga deadlines for tests)
   */
  public record Config(Path home, Path dir, String bootstrap, int brokerPort, int controllerPort,
      Map<String, Integer> servicePorts, String apiToken, List<ClusterSetup> clusters,
      Map<String, Map<String, String>> serviceProps) {}

  public static final String ARTIFACT = "sandbox-node";
  public static final List<String> SERVICES =
      List.of("artifact-service", "node-adapter", "gate-service", "compliance-watcher", "orchestrator-service");

  private final Config config;
  private final List<Proc> procs = new CopyOnWriteArrayList<>();
  private final Map<String, Proc> services = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Proc broker;
  private String bootstrap;
  private Path clustersFile;
  private final Map<String, String> digests = new LinkedHashMap<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "local-stack-stop");
  private volatile boolean stopped;

  public LocalStack(Config config) {
    this.config = config;
  }

  public void start(java.util.function.Consumer<String> say) throws Exception {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Minisign.requireInstalled();
    Path dir = config.dir();
    Files.createDirectories(dir);
    Path releases = dir.resolve("releases");
    Path importDir = dir.resolve("artifact-import");
    Path trust = dir.resolve("trust-store");
    Files.createDirectories(releases);
    Files.createDirectories(importDir);
    Files.createDirectories(trust);

    Path jar = sandboxNodeJar();
    for (String v : List.of("1.0.0", "1.1.0")) {
      Path tar = releases.resolve(ARTIFACT + "-" + v + ".tar.gz");
      ReleaseArchive.pack(jar, v, tar);
      digests.put(v, sha256(tar));
    }
    Minisign.KeyPair key = Minisign.generate(dir.resolve("signing-key"));
    Files.copy(key.publicKey(), trust.resolve("relay-signing.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path release = releases.resolve(ARTIFACT + "-1.1.0.tar.gz");
    Path imported = importDir.resolve(release.getFileName());
    Files.copy(release, imported, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Minisign.sign(key, imported, ARTIFACT, "1.1.0");
    say.accept("signed " + ARTIFACT + " 1.1.0 with minisign (key made for this run; trusted comment binds name and"
        + " version); digest " + digests.get("1.1.0"));

    if (config.bootstrap() == null) {
      bootstrap = "127.0.0.1:" + config.brokerPort();
      broker = startJava("kafka-broker", List.of("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
          "dev.relay.testkit.StandaloneBroker", List.of(dir.resolve("kafka").toString(),
              String.valueOf(config.brokerPort()), String.valueOf(config.controllerPort())));
      say.accept("starting Apache Kafka (KRaft) broker on " + bootstrap + " (pid " + broker.pid() + ")");
      waitForTopics(Duration.ofSeconds(90));
    } else {
      bootstrap = config.bootstrap();
    }

    SandboxProvisioner provisioner = new SandboxProvisioner();
    List<ClusterProfile> profiles = new ArrayList<>();
    for (ClusterSetup c : config.clusters()) {
      List<ClusterSpec.NodeSpec> nodes = new ArrayList<>();
      for (int i = 0; i < c.nodes(); i++) {
        nodes.add(new ClusterSpec.NodeSpec("node-" + (i + 1), c.basePort() + i));
      }
      provisioner.provision(sandboxRoot(), new ClusterSpec(c.id(), nodes, releases.resolve(ARTIFACT + "-1.0.0.tar.gz"),
          digests.get("1.0.0"), c.joinDelayMs(), c.rebalanceMs()));
      profiles.add(new ClusterProfile(c.id(), c.plan(), "sandbox",
          nodes.stream().map(n -> new ClusterProfile.Node(n.nodeId(), n.url())).toList()));
      say.accept("sandbox cluster '" + c.id() + "': " + c.nodes() + " node processes on release 1.0.0, ports "
          + c.basePort() + "-" + (c.basePort() + c.nodes() - 1));
    }
    clustersFile = dir.resolve("clusters.json");
    new ClusterRegistry(profiles).save(clustersFile);

    Map<String, Map<String, String>> props = new LinkedHashMap<>();
    props.put("artifact-service", Map.of(
        "relay.artifacts.root", dir.resolve("artifacts").toString(),
        "relay.artifacts.trust-store", trust.toString(),
        "relay.artifacts.import-dir", importDir.toString()));
    props.put("node-adapter", Map.of(
        "relay.clusters-file", clustersFile.toString(),
        "relay.sandbox.root", sandboxRoot().toString(),
        "relay.artifact-service.url", url("artifact-service")));
    props.put("gate-service", Map.of(
        "relay.gates-file", config.home().resolve("gate-service/infra-gates.csv").toString(),
        "relay.node-adapter.url", url("node-adapter"),
        "relay.artifact-service.url", url("artifact-service")));
    props.put("compliance-watcher", Map.of());
    props.put("orchestrator-service", Map.of(
        "relay.clusters-file", clustersFile.toString(),
        "relay.deployment-tier", "1",
        "kafka-streams.state.dir", dir.resolve("orchestrator-state").toString()));
    for (String service : SERVICES) {
      startService(service, props.get(service));
    }
    for (String service : SERVICES) {
      waitReady(service, Duration.ofSeconds(120));
    }
    say.accept("services up: " + String.join(", ", SERVICES.stream().map(s -> s + " :" + port(s)).toList()));
  }

  /** Starts (or restarts) one service with its settings. */
  public Proc startService(String service, Map<String, String> props) throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("quarkus.http.port", String.valueOf(port(service)));
    all.put("kafka.bootstrap.servers", bootstrap);
    if (service.equals("orchestrator-service")) {
      all.put("quarkus.kafka-streams.bootstrap-servers", bootstrap);
    }
    if (List.of("orchestrator-service", "artifact-service", "gate-service").contains(service)) {
      all.put("relay.api-token", config.apiToken());
    }
    all.put("quarkus.log.file.enabled", "false");
    all.putAll(props);
    all.putAll(config.serviceProps().getOrDefault(service, Map.of()));
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(List.of("-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    all.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    Path app = config.home().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(app)) {
      throw new IllegalStateException(app + " is missing: build first (mvn -DskipTests package)");
    }
    cmd.add(app.toString());
    Proc p = Proc.start(service, cmd, Map.of(), config.dir().resolve("logs").resolve(service + ".log"));
    procs.add(p);
    services.put(service, p);
    return p;
  }

  public void restartService(String service, Map<String, String> props) throws IOException, InterruptedException {
    startService(service, props);
    waitReady(service, Duration.ofSeconds(120));
  }

  public Map<String, String> orchestratorProps() {
    return Map.of(
        "relay.clusters-file", clustersFile.toString(),
        "relay.deployment-tier", "1",
        "kafka-streams.state.dir", config.dir().resolve("orchestrator-state").toString());
  }

  public Proc service(String name) {
    return services.get(name);
  }

  public String bootstrap() {
    return bootstrap;
  }

  public String url(String service) {
    return "http://127.0.0.1:" + port(service);
  }

  public int port(String service) {
    Integer p = config.servicePorts().get(service);
    if (p == null) {
      throw new IllegalArgumentException("no port for " + service);
    }
    return p;
  }

  public Path sandboxRoot() {
    return config.dir().resolve("sandbox");
  }

  public String digest(String version) {
    return digests.get(version);
  }

  public HttpClient http() {
    return http;
  }

  /** Every process of the stack, with the sandbox nodes (from their pid files), for memory accounting. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    if (broker != null && broker.alive()) {
      pids.add(broker.pid());
    }
    services.values().stream().filter(Proc::alive).forEach(p -> pids.add(p.pid()));
    try (Stream<Path> files = Files.exists(sandboxRoot()) ? Files.walk(sandboxRoot(), 3) : Stream.empty()) {
      files.filter(f -> f.getFileName().toString().equals("node.pid")).forEach(f -> {
        try {
          pids.add(Long.parseLong(Files.readString(f).trim()));
        } catch (IOException | NumberFormatException e) {
          // a node between restarts
        }
      });
    } catch (IOException e) {
      // nothing to add
    }
    return pids;
  }

  private Proc startJava(String name, List<String> jvm, String main, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(jvm);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(args);
    Proc p = Proc.start(name, cmd, Map.of(), config.dir().resolve("logs").resolve(name + ".log"));
    procs.add(p);
    return p;
  }

  private void waitForTopics(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (broker.tail(50).contains("topics ready")) {
        return;
      }
      if (!broker.alive()) {
        throw new IllegalStateException("the Kafka broker exited:\n" + broker.tail(30));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the Kafka broker was not ready within " + timeout + ":\n" + broker.tail(30));
  }

  private void waitReady(String service, Duration timeout) throws InterruptedException {
    String path = switch (service) {
      case "artifact-service" -> "/artifacts";
      case "node-adapter" -> "/clusters/" + config.clusters().get(0).id() + "/health";
      case "gate-service" -> "/gates";
      case "compliance-watcher" -> "/locks";
      default -> "/deployments";
    };
    long end = System.nanoTime() + timeout.toNanos();
    Proc p = services.get(service);
    while (System.nanoTime() < end) {
      if (!p.alive()) {
        throw new IllegalStateException(service + " exited during start:\n" + p.tail(40));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url(service) + path))
            .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(service + " not ready within " + timeout + ":\n" + p.tail(40));
  }

  private Path sandboxNodeJar() throws IOException {
    Path target = config.home().resolve("sandbox-node/target");
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(f -> f.getFileName().toString().matches("sandbox-node-[0-9.]+(-SNAPSHOT)?\\.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("no sandbox-node jar in " + target + ": build first"));
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Stops everything this stack started: services, sandbox nodes, broker. */
  public synchronized void stopAll() {
    if (stopped) {
      return;
    }
    stopped = true;
    List<Proc> svc = new ArrayList<>(services.values());
    svc.parallelStream().forEach(p -> p.stop(Duration.ofSeconds(10)));
    SandboxProvisioner provisioner = new SandboxProvisioner();
    for (ClusterSetup c : config.clusters()) {
      try {
        provisioner.stopAll(sandboxRoot(), c.id());
      } catch (IOException e) {
        System.err.println("could not stop sandbox cluster " + c.id() + ": " + e.getMessage());
      }
    }
    procs.forEach(p -> p.stop(Duration.ofSeconds(10)));
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }
}
