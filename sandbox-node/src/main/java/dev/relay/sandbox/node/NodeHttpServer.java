package dev.relay.sandbox.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's HTTP API: /status, /cluster, /work and /admin/{health,drain,undrain}. Decides which requests are
 * refused (new /work while draining: 503) and what each endpoint answers.
 */
public final class NodeHttpServer {

  private static final long MAX_WORK_MS = 60_000;

  private final NodeConfig config;
  private final String version;
  private final String fingerprint;
  private final NodeState state;
  private final ClusterViewBuilder clusterView;
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final AtomicInteger activeExchanges = new AtomicInteger();
  private HttpServer server;

  public NodeHttpServer(NodeConfig config, String version, String fingerprint, NodeState state) {
    this.config = config;
    this.version = version;
    this.fingerprint = fingerprint;
    this.state = state;
    this.clusterView = new ClusterViewBuilder(config, this::status);
  }

  public void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port()), 64);
    server.createContext("/status", ex -> handle(ex, "GET", () -> reply(ex, 200, status())));
    server.createContext("/cluster", ex -> handle(ex, "GET", () -> reply(ex, 200, clusterView.build())));
    server.createContext("/work", ex -> handle(ex, "GET", () -> work(ex)));
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
    s.put("pid", ProcessHandle.current().pid());
    return s;
  }

  private void work(HttpExchange ex) throws IOException {
    if (!state.admit()) {
      reply(ex, 503, Map.of("error", "draining"));
      return;
    }
    try {
      long ms = Math.min(MAX_WORK_MS, Math.max(0, Long.parseLong(query(ex).getOrDefault("ms", "0"))));
      Thread.sleep(ms);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("node", config.nodeId());
      body.put("version", version);
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

  private void handle(HttpExchange ex, String method, Body body) throws IOException {
    activeExchanges.incrementAndGet();
    try {
      if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
        reply(ex, 405, Map.of("error", "use " + method));
        return;
      }
      body.run();
    } catch (RuntimeException e) {
      reply(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
    } finally {
      ex.close();
      activeExchanges.decrementAndGet();
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  private static void reply(HttpExchange ex, int code, Object body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
