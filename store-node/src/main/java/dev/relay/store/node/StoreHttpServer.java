package dev.relay.store.node;

import com.hazelcast.core.HazelcastInstance;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.relay.sandbox.node.NodeConfig;
import dev.relay.sandbox.node.NodeKey;
import dev.relay.sandbox.node.NodeState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store node's HTTP API: the sandbox node's endpoints (/status with the node and company key fingerprints and
 * usable disk, /cluster, /work, GET|PUT /state/{key}, /admin/{health,drain,undrain}) with the same answers, so
 * node-adapter's sandbox driver and the gates drive it unchanged, plus /data. /state/{key} lives in its own replicated
 * map ({@value HazelcastMember#STATE_MAP}, one synchronous backup), so writes made through it (the chaos gate's) never
 * change the counts of /data. Decides which requests are
 * refused (new /work and /data while draining: 503) and what /status reports: "healthy" while this member is in the
 * cluster and the cluster is safe, "rebalancing" while it is in the cluster and the cluster is not safe, "joining"
 * otherwise. {@link NodeState} holds the drain flag, health override and in-flight count (its timed lifecycle is not
 * used here).
 */
public final class StoreHttpServer {

  private static final long MAX_WORK_MS = 60_000;

  private final NodeConfig config;
  private final String version;
  private final String fingerprint;
  private final NodeState state;
  private final HazelcastInstance hz;
  private final SafetySampler safety;
  private final StoreClusterView clusterView;
  private final DataApi data;
  private final DataApi stateEntries;
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final AtomicInteger activeExchanges = new AtomicInteger();
  private HttpServer server;

  public StoreHttpServer(NodeConfig config, String version, String fingerprint, NodeState state, HazelcastInstance hz,
      SafetySampler safety) {
    this.config = config;
    this.version = version;
    this.fingerprint = fingerprint;
    this.state = state;
    this.hz = hz;
    this.safety = safety;
    this.clusterView = new StoreClusterView(config, hz, safety, this::status);
    this.data = new DataApi(hz.getMap(HazelcastMember.MAP));
    this.stateEntries = new DataApi(hz.getMap(HazelcastMember.STATE_MAP));
  }

  public void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port()), 64);
    server.createContext("/status", ex -> handle(ex, "GET", () -> Exchanges.reply(ex, 200, status())));
    server.createContext("/cluster", ex -> handle(ex, "GET", () -> Exchanges.reply(ex, 200, clusterView.build())));
    server.createContext("/work", ex -> handle(ex, "GET", () -> admitted(ex, () -> work(ex))));
    server.createContext("/data", ex -> handle(ex, null, () -> admitted(ex, () -> data.handle(ex))));
    server.createContext("/state", ex -> handle(ex, null, () -> {
      String path = ex.getRequestURI().getPath();
      String key = path.startsWith("/state/") ? path.substring("/state/".length()) : "";
      stateEntries.entry(ex, ex.getRequestMethod().toUpperCase(), key);
    }));
    server.createContext("/admin/health", ex -> handle(ex, "POST", () -> health(ex)));
    server.createContext("/admin/drain", ex -> handle(ex, "POST", () -> {
      state.setDraining(true);
      Exchanges.reply(ex, 200, status());
    }));
    server.createContext("/admin/undrain", ex -> handle(ex, "POST", () -> {
      state.setDraining(false);
      Exchanges.reply(ex, 200, status());
    }));
    server.setExecutor(executor);
    server.start();
  }

  /** Stops accepting at once and lets in-flight exchanges finish for at most graceSeconds. */
  public void stop(int graceSeconds) {
    state.setDraining(true);
    Thread closer = new Thread(() -> server.stop(graceSeconds), "http-stop");
    closer.setDaemon(true);
    closer.start();
    long end = System.nanoTime() + graceSeconds * 1_000_000_000L;
    try {
      while (activeExchanges.get() > 0 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }

  /** "healthy", "rebalancing" or "joining", from Hazelcast's own view. */
  String lifecycle() {
    boolean member = hz.getLifecycleService().isRunning()
        && hz.getCluster().getMembers().contains(hz.getCluster().getLocalMember());
    if (!member) {
      return "joining";
    }
    return safety.safe() ? "healthy" : "rebalancing";
  }

  /** Usable bytes of the file system holding the node's key store (and its releases), or null when unknown. */
  private Long diskUsableBytes() {
    try {
      return java.nio.file.Files.getFileStore(config.keysDir()).getUsableSpace();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", config.nodeId());
    s.put("cluster", config.clusterId());
    s.put("version", version);
    s.put("state", lifecycle());
    s.put("health", state.health());
    s.put("warnings", state.warnings());
    s.put("draining", state.draining());
    s.put("inflight", state.inflight());
    s.put("nodeKeyFingerprint", fingerprint);
    s.put("companyKeyFingerprint", NodeKey.companyFingerprint(config.keysDir()));
    s.put("diskUsableBytes", diskUsableBytes());
    s.put("pid", ProcessHandle.current().pid());
    s.put("clusterSafe", safety.safe());
    s.put("hazelcastMembers", hz.getLifecycleService().isRunning() ? hz.getCluster().getMembers().size() : 0);
    return s;
  }

  private interface Body {
    void run() throws IOException;
  }

  private void admitted(HttpExchange ex, Body body) throws IOException {
    if (!state.admit()) {
      Exchanges.reply(ex, 503, Map.of("error", "draining"));
      return;
    }
    try {
      body.run();
    } finally {
      state.finish();
    }
  }

  private void work(HttpExchange ex) throws IOException {
    try {
      long ms = Math.min(MAX_WORK_MS, Math.max(0, Long.parseLong(Exchanges.query(ex).getOrDefault("ms", "0"))));
      Thread.sleep(ms);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("node", config.nodeId());
      body.put("version", version);
      Exchanges.reply(ex, 200, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Exchanges.reply(ex, 500, Map.of("error", "interrupted"));
    }
  }

  private void health(HttpExchange ex) throws IOException {
    Map<String, String> q = Exchanges.query(ex);
    String percent = q.get("percent");
    if (percent == null) {
      Exchanges.reply(ex, 400, Map.of("error", "percent is required"));
      return;
    }
    state.setHealth(Integer.parseInt(percent.trim()), q.get("warning"));
    Exchanges.reply(ex, 200, status());
  }

  private void handle(HttpExchange ex, String method, Body body) throws IOException {
    activeExchanges.incrementAndGet();
    try {
      if (method != null && !ex.getRequestMethod().equalsIgnoreCase(method)) {
        Exchanges.reply(ex, 405, Map.of("error", "use " + method));
        return;
      }
      body.run();
    } catch (IllegalArgumentException e) {
      Exchanges.reply(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      Exchanges.reply(ex, 500, Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
    } finally {
      ex.close();
      activeExchanges.decrementAndGet();
    }
  }
}
