package dev.relay.sandbox.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's HTTP API: /status, /cluster, /ready, /work, /stream, /state (see {@link StateEndpoints}) and
 * /admin/{health,drain,undrain,fail,replicate}. Decides which requests are refused (new /work or /stream while
 * draining: 503; an injected fault: 500) and what each endpoint answers.
 */
public final class NodeHttpServer {

  private static final long MAX_WORK_MS = 60_000;

  private final NodeConfig config;
  private final String version;
  private final String fingerprint;
  private final NodeState state;
  private final ClusterViewBuilder clusterView;
  private final ExecutorService executor = Executors.newFixedThreadPool(64);
  private final AtomicInteger activeExchanges = new AtomicInteger();
  private final HotState hotState = new HotState();
  private final Replicator replicator;
  private final StateEndpoints stateEndpoints;
  private final StreamEndpoint streamEndpoint;
  private HttpServer server;

  public NodeHttpServer(NodeConfig config, String version, String fingerprint, NodeState state) {
    this.config = config;
    this.version = version;
    this.fingerprint = fingerprint;
    this.state = state;
    this.clusterView = new ClusterViewBuilder(config, this::status);
    this.replicator = new Replicator(hotState, config.replicationIntervalMs());
    this.stateEndpoints = new StateEndpoints(hotState, replicator);
    this.streamEndpoint = new StreamEndpoint(config, version, state);
  }

  public void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port()), 64);
    server.createContext("/status", ex -> handle(ex, "GET", () -> reply(ex, 200, status())));
    server.createContext("/cluster", ex -> handle(ex, "GET", () -> reply(ex, 200, clusterView.build())));
    server.createContext("/ready", ex -> handle(ex, "GET", () -> ready(ex)));
    server.createContext("/work", ex -> handle(ex, "GET,POST", () -> work(ex)));
    server.createContext("/stream", ex -> handle(ex, "GET", () -> streamEndpoint.stream(ex)));
    server.createContext("/state", ex -> handle(ex, "GET,PUT", () -> stateEndpoints.state(ex)));
    server.createContext("/admin/replicate", ex -> handle(ex, "POST", () -> stateEndpoints.replicate(ex)));
    server.createContext("/admin/fail", ex -> handle(ex, "POST", () -> fail(ex)));
    server.createContext("/admin/health", ex -> handle(ex, "POST", () -> health(ex)));
    server.createContext("/admin/drain", ex -> handle(ex, "POST", () -> {
      state.setDraining(true);
      reply(ex, 200, status());
    }));
    server.createContext("/admin/undrain", ex -> handle(ex, "POST", () -> {
      state.setDraining(false);
      reply(ex, 200, status());
    }));
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Stops accepting (the listener closes at once), lets in-flight exchanges finish for at most graceSeconds, then
   * returns. The JDK 17 server's own stop(delay) waits the whole delay even when idle, so the wait is counted here.
   */
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

  /** Usable bytes of the file system holding the node's key store (and its releases), or null when unknown. */
  private Long diskUsableBytes() {
    try {
      return java.nio.file.Files.getFileStore(config.keysDir()).getUsableSpace();
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", config.nodeId());
    s.put("cluster", config.clusterId());
    s.put("version", version);
    s.put("state", state.lifecycle());
    s.put("health", state.health());
    s.put("warnings", state.warnings());
    s.put("draining", state.draining());
    s.put("inflight", state.inflight());
    s.put("nodeKeyFingerprint", fingerprint);
    s.put("companyKeyFingerprint", NodeKey.companyFingerprint(config.keysDir()));
    s.put("diskUsableBytes", diskUsableBytes());
    s.put("pid", ProcessHandle.current().pid());
    s.put("failPercent", state.failPercent());
    s.putAll(stateEndpoints.replication());
    return s;
  }

  /** 200 while the node takes requests (joined, not draining), else 503: what a load balancer's check reads. */
  private void ready(HttpExchange ex) throws IOException {
    String lifecycle = state.lifecycle();
    boolean ready = !state.draining() && !lifecycle.equals("joining");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", ready);
    body.put("state", lifecycle);
    body.put("draining", state.draining());
    reply(ex, ready ? 200 : 503, body);
  }

  /** {@code POST /admin/fail?percent=N}: that share of /work requests answers 500 (0 clears it). */
  private void fail(HttpExchange ex) throws IOException {
    String percent = query(ex).get("percent");
    if (percent == null) {
      reply(ex, 400, Map.of("error", "percent is required"));
      return;
    }
    state.setFailPercent(Integer.parseInt(percent.trim()));
    reply(ex, 200, status());
  }

  /**
   * A simulated client request: sleeps ms, answers {"node","version"}; {@code write=1} also adds one to the hot
   * state's {@code key} (default "counter"), refused on a replica.
   */
  private void work(HttpExchange ex) throws IOException {
    if (!state.admit()) {
      reply(ex, 503, Map.of("error", "draining"));
      return;
    }
    try {
      Map<String, String> q = query(ex);
      long ms = Math.min(MAX_WORK_MS, Math.max(0, Long.parseLong(q.getOrDefault("ms", "0"))));
      Thread.sleep(ms);
      if (state.injectFault()) {
        reply(ex, 500, Map.of("error", "injected fault", "node", config.nodeId()));
        return;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("node", config.nodeId());
      body.put("version", version);
      if ("1".equals(q.get("write"))) {
        if (stateEndpoints.refuseWriteOnReplica(ex)) {
          return;
        }
        body.put("seq", hotState.increment(q.getOrDefault("key", "counter")));
      }
      reply(ex, 200, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply(ex, 500, Map.of("error", "interrupted"));
    } finally {
      state.finish();
    }
  }

  private void health(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex);
    String percent = q.get("percent");
    if (percent == null) {
      reply(ex, 400, Map.of("error", "percent is required"));
      return;
    }
    try {
      state.setHealth(Integer.parseInt(percent.trim()), q.get("warning"));
    } catch (IllegalArgumentException e) {
      reply(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
      return;
    }
    reply(ex, 200, status());
  }

  private interface Body {
    void run() throws IOException;
  }

  private void handle(HttpExchange ex, String methods, Body body) throws IOException {
    activeExchanges.incrementAndGet();
    try {
      if (!java.util.Arrays.asList(methods.split(",")).contains(ex.getRequestMethod().toUpperCase())) {
        reply(ex, 405, Map.of("error", "use " + methods));
        return;
      }
      body.run();
    } catch (StateEndpoints.MethodNotAllowed e) {
      reply(ex, 405, Map.of("error", e.getMessage()));
    } catch (RuntimeException e) {
      reply(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
    } finally {
      ex.close();
      activeExchanges.decrementAndGet();
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    return Exchanges.query(ex);
  }

  private static void reply(HttpExchange ex, int code, Object body) throws IOException {
    Exchanges.reply(ex, code, body);
  }
}
