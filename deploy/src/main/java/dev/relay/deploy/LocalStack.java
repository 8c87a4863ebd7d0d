package dev.relay.deploy;

import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterRegistry;
import dev.relay.sandbox.release.ClusterSpec;
import dev.relay.sandbox.release.ReleaseArchive;
import dev.relay.sandbox.release.SandboxProvisioner;
import dev.relay.sandbox.traffic.HaproxyConfig;
import dev.relay.sandbox.traffic.HaproxyProcess;
import dev.relay.store.release.StoreClusterSpec;
import dev.relay.store.release.StoreProvisioner;
import dev.relay.store.release.StoreRelease;
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

  /**
   * A cluster to provision: nodes get consecutive ports from basePort. {@code target} "sandbox" (sandbox nodes, the
   * default) or "store" (store nodes: Hazelcast members, whose member ports follow the HTTP ports, with
   * {@code nodeProperties} such as {@code hazelcast.partition.count} written alike into every node.properties).
   */
  public record ClusterSetup(String id, String plan, int nodes, int basePort, long joinDelayMs, long rebalanceMs,
      String target, Map<String, String> nodeProperties) {

    public static final String SANDBOX = "sandbox";
    public static final String STORE = "store";
    /** Tier 2: {@code nodes} blue nodes (blue-1..) and as many green (green-1..) behind a real HAProxy. */
    public static final String BLUE_GREEN = "bluegreen";

    public ClusterSetup {
      target = target == null ? SANDBOX : target;
      if (!target.equals(SANDBOX) && !target.equals(STORE) && !target.equals(BLUE_GREEN)) {
        throw new IllegalArgumentException("unknown cluster target '" + target + "' (sandbox, store or bluegreen)");
      }
      nodeProperties = nodeProperties == null ? Map.of() : Map.copyOf(nodeProperties);
    }

    public ClusterSetup(String id, String plan, int nodes, int basePort, long joinDelayMs, long rebalanceMs) {
      this(id, plan, nodes, basePort, joinDelayMs, rebalanceMs, SANDBOX, Map.of());
    }

    /** A store cluster of Hazelcast members. */
    public static ClusterSetup store(String id, String plan, int nodes, int basePort, Map<String, String> props) {
      return new ClusterSetup(id, plan, nodes, basePort, 0, 0, STORE, props);
    }

    public boolean store() {
      return target.equals(STORE);
    }

    /**
     * A Tier 2 cluster: {@code nodesPerGroup} blue sandbox nodes on ports from basePort, as many green ones after
     * them, both groups behind one HAProxy (blue serving, green in maintenance) whose runtime API the profile names.
     */
    public static ClusterSetup blueGreen(String id, String plan, int nodesPerGroup, int basePort, long joinDelayMs,
        long rebalanceMs) {
      return new ClusterSetup(id, plan, nodesPerGroup, basePort, joinDelayMs, rebalanceMs, BLUE_GREEN, Map.of());
    }

    public boolean blueGreen() {
      return target.equals(BLUE_GREEN);
    }
  }

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
  private final Map<String, String> storeDigests = new LinkedHashMap<>();
  private final Map<String, HaproxyProcess> haproxies = new java.util.concurrent.ConcurrentHashMap<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "local-stack-stop");
  private volatile boolean stopped;

  public LocalStack(Config config) {
    this.config = config;
  }

  /** The company key every node holds in its key store (made for this run; the private half is not kept). */
  private final java.security.PublicKey companyKey = newCompanyKey();

  private static java.security.PublicKey newCompanyKey() {
    try {
      return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no Ed25519 in this JDK", e);
    }
  }

  /** The fingerprint nodes report for the company key, and gate-service's relay.company-key.fingerprint. */
  public String companyKeyFingerprint() {
    try {
      return dev.relay.sandbox.node.NodeKey.fingerprint(companyKey.getEncoded());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts the company key into the key store (outside every release folder) of every node of these clusters. */
  private void writeCompanyKey(List<ClusterProfile> profiles) throws IOException {
    for (ClusterProfile p : profiles) {
      List<ClusterProfile.Node> all = new ArrayList<>(p.nodes() == null ? List.of() : p.nodes());
      all.addAll(p.green() == null ? List.of() : p.green());
      for (ClusterProfile.Node n : all) {
        Path keys = sandboxRoot().resolve(p.id()).resolve(n.id()).resolve("keys");
        Files.createDirectories(keys);
        Files.write(keys.resolve("company.pub"), companyKey.getEncoded());
      }
    }
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
    if (config.clusters().stream().anyMatch(ClusterSetup::store)) {
      Path storeJar = StoreRelease.nodeJar(config.home().resolve("store-node/target"));
      for (String v : List.of("1.0.0", "1.1.0")) {
        Path tar = releases.resolve(StoreRelease.ARTIFACT + "-" + v + ".tar.gz");
        StoreRelease.pack(storeJar, v, tar);
        storeDigests.put(v, sha256(tar));
      }
      Path storeImported = importDir.resolve(StoreRelease.ARTIFACT + "-1.1.0.tar.gz");
      Files.copy(releases.resolve(storeImported.getFileName()), storeImported,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Minisign.sign(key, storeImported, StoreRelease.ARTIFACT, "1.1.0");
      say.accept("signed " + StoreRelease.ARTIFACT + " 1.1.0 (Hazelcast member release) the same way; digest "
          + storeDigests.get("1.1.0"));
    }

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
      if (c.store()) {
        profiles.add(provisionStore(c, releases, say));
        continue;
      }
      if (c.blueGreen()) {
        profiles.add(provisionBlueGreen(c, provisioner, releases, say));
        continue;
      }
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
    writeCompanyKey(profiles);
    say.accept("company key " + companyKeyFingerprint() + " put in every node's key store (keys/company.pub)");
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
        "relay.artifact-service.url", url("artifact-service"),
        "relay.compliance-watcher.url", url("compliance-watcher"),
        "relay.company-key.fingerprint", companyKeyFingerprint()));
    props.put("compliance-watcher", Map.of());
    props.put("orchestrator-service", Map.of(
        "relay.clusters-file", clustersFile.toString(),
        "relay.deployment-tier", deploymentTier(),
        "kafka-streams.state.dir", dir.resolve("orchestrator-state").toString()));
    for (String service : SERVICES) {
      startService(service, props.get(service));
    }
    for (String service : SERVICES) {
      waitReady(service, Duration.ofSeconds(120));
    }
    say.accept("services up: " + String.join(", ", SERVICES.stream().map(s -> s + " :" + port(s)).toList()));
  }

  private ClusterProfile provisionStore(ClusterSetup c, Path releases, java.util.function.Consumer<String> say)
      throws IOException {
    List<StoreClusterSpec.NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < c.nodes(); i++) {
      nodes.add(new StoreClusterSpec.NodeSpec("node-" + (i + 1), c.basePort() + i, c.basePort() + c.nodes() + i));
    }
    new StoreProvisioner().provision(sandboxRoot(), new StoreClusterSpec(c.id(), nodes,
        releases.resolve(StoreRelease.ARTIFACT + "-1.0.0.tar.gz"), storeDigests.get("1.0.0"), c.nodeProperties()),
        Duration.ofSeconds(90));
    say.accept("store cluster '" + c.id() + "': " + c.nodes() + " Hazelcast member processes on release 1.0.0, HTTP"
        + " ports " + c.basePort() + "-" + (c.basePort() + c.nodes() - 1) + ", member ports " + (c.basePort() + c.nodes())
        + "-" + (c.basePort() + 2 * c.nodes() - 1) + (c.nodeProperties().isEmpty() ? "" : ", " + c.nodeProperties()));
    return new ClusterProfile(c.id(), c.plan(), "sandbox",
        nodes.stream().map(n -> new ClusterProfile.Node(n.nodeId(), n.url())).toList());
  }

  private ClusterProfile provisionBlueGreen(ClusterSetup c, SandboxProvisioner provisioner, Path releases,
      java.util.function.Consumer<String> say) throws IOException, InterruptedException {
    List<ClusterSpec.NodeSpec> blue = new ArrayList<>();
    List<ClusterSpec.NodeSpec> green = new ArrayList<>();
    for (int i = 0; i < c.nodes(); i++) {
      blue.add(new ClusterSpec.NodeSpec("blue-" + (i + 1), c.basePort() + i));
      green.add(new ClusterSpec.NodeSpec("green-" + (i + 1), c.basePort() + c.nodes() + i));
    }
    Path release = releases.resolve(ARTIFACT + "-1.0.0.tar.gz");
    provisioner.provision(sandboxRoot(), new ClusterSpec(c.id(), blue, release, digests.get("1.0.0"), c.joinDelayMs(),
        c.rebalanceMs()));
    provisioner.provision(sandboxRoot(), new ClusterSpec(c.id(), green, release, digests.get("1.0.0"),
        c.joinDelayMs(), c.rebalanceMs()));
    for (ClusterSpec.NodeSpec n : concat(blue, green)) {
      awaitOk(n.url() + "/ready", Duration.ofSeconds(60), n.nodeId());
    }
    Path lb = config.dir().resolve("haproxy-" + c.id());
    HaproxyProcess haproxy = HaproxyProcess.start(lb, new HaproxyConfig("bg", Ports.free(), lb.resolve("admin.sock"),
        lb.resolve("server-state"), servers(blue), servers(green), 200), Duration.ofSeconds(20));
    haproxies.put(c.id(), haproxy);
    say.accept("blue-green cluster '" + c.id() + "': blue " + ids(blue) + " serving and green " + ids(green)
        + " in maintenance, release 1.0.0, behind HAProxy " + haproxy.frontendUrl() + " (pid " + haproxy.pid()
        + ", runtime API " + haproxy.socket() + ")");
    return new ClusterProfile(c.id(), c.plan(), "sandbox", profileNodes(blue), profileNodes(green),
        new ClusterProfile.Traffic(haproxy.socket().toString(), "bg", haproxy.frontendUrl()));
  }

  /** The HAProxy in front of a blue-green cluster. */
  public HaproxyProcess haproxy(String clusterId) {
    HaproxyProcess h = haproxies.get(clusterId);
    if (h == null) {
      throw new IllegalArgumentException("no HAProxy for cluster " + clusterId + " (not a blue-green cluster)");
    }
    return h;
  }

  /** The blue node ids of a cluster (a blue-green cluster's serving group; every node of another cluster). */
  public List<String> blueIds(String clusterId) {
    ClusterSetup c = setup(clusterId);
    return java.util.stream.IntStream.rangeClosed(1, c.nodes()).mapToObj(i -> (c.blueGreen() ? "blue-" : "node-") + i)
        .toList();
  }

  /** A sandbox node's base URL, from its node.properties. */
  public String nodeUrl(String clusterId, String nodeId) throws IOException {
    Path props = dev.relay.sandbox.release.SandboxLayout.properties(
        new dev.relay.sandbox.release.SandboxLayout(sandboxRoot()).nodeDir(clusterId, nodeId));
    String port = Files.readString(props).lines().filter(l -> l.startsWith("port=")).findFirst()
        .orElseThrow(() -> new IOException("no port= in " + props)).substring(5).trim();
    return "http://127.0.0.1:" + port;
  }

  /** The green node ids of a blue-green cluster. */
  public List<String> greenIds(String clusterId) {
    ClusterSetup c = setup(clusterId);
    return c.blueGreen() ? java.util.stream.IntStream.rangeClosed(1, c.nodes()).mapToObj(i -> "green-" + i).toList()
        : List.of();
  }

  private ClusterSetup setup(String clusterId) {
    return config.clusters().stream().filter(c -> c.id().equals(clusterId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no cluster " + clusterId + " in this stack"));
  }

  /** "2" when the clusters are blue-green, else "1"; an installation has one tier, so they may not be mixed. */
  private String deploymentTier() {
    long tier2 = config.clusters().stream().filter(ClusterSetup::blueGreen).count();
    if (tier2 > 0 && tier2 < config.clusters().size()) {
      throw new IllegalArgumentException("an installation has one DEPLOYMENT_TIER: blue-green clusters cannot be mixed"
          + " with rolling-update clusters in one stack");
    }
    return tier2 > 0 ? "2" : "1";
  }

  private static List<ClusterSpec.NodeSpec> concat(List<ClusterSpec.NodeSpec> a, List<ClusterSpec.NodeSpec> b) {
    List<ClusterSpec.NodeSpec> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<HaproxyConfig.Server> servers(List<ClusterSpec.NodeSpec> nodes) {
    return nodes.stream().map(n -> new HaproxyConfig.Server(n.nodeId(), n.port())).toList();
  }

  private static List<ClusterProfile.Node> profileNodes(List<ClusterSpec.NodeSpec> nodes) {
    return nodes.stream().map(n -> new ClusterProfile.Node(n.nodeId(), n.url())).toList();
  }

  private static String ids(List<ClusterSpec.NodeSpec> nodes) {
    return String.join(", ", nodes.stream().map(ClusterSpec.NodeSpec::nodeId).toList());
  }

  private void awaitOk(String url, Duration timeout, String what) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(what + " did not answer 200 on " + url + " within " + timeout);
  }

  /** Starts (or restarts) one service with its settings. */
  public Proc startService(String service, Map<String, String> props) throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("quarkus.http.port", String.valueOf(port(service)));
    all.put("kafka.bootstrap.servers", bootstrap);
    if (service.equals("orchestrator-service")) {
      all.put("quarkus.kafka-streams.bootstrap-servers", bootstrap);
    }
    if (List.of("orchestrator-service", "artifact-service", "gate-service", "compliance-watcher").contains(service)) {
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
        "relay.deployment-tier", deploymentTier(),
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

  /** The digest of a store-node release ({@code StoreRelease.ARTIFACT}). */
  public String storeDigest(String version) {
    return storeDigests.get(version);
  }

  /** The packed (unsigned copy of the) release archive of this artifact and version. */
  public Path releaseArchive(String artifact, String version) {
    return config.dir().resolve("releases").resolve(artifact + "-" + version + ".tar.gz");
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
        if (c.store()) {
          new StoreProvisioner().stopAll(sandboxRoot(), c.id(), Duration.ofSeconds(10));
          continue;
        }
        provisioner.stopAll(sandboxRoot(), c.id());
      } catch (IOException e) {
        System.err.println("could not stop sandbox cluster " + c.id() + ": " + e.getMessage());
      }
    }
    haproxies.values().forEach(HaproxyProcess::close);
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
