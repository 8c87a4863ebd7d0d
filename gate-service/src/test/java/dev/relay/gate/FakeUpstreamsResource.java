package dev.relay.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for node-adapter (GET /clusters/{id}/health) and artifact-service (POST /artifacts/{a}/{v}/verify) in one
 * JDK HttpServer. Tests set the health figure with POST /control/health/{percent}.
 */
public class FakeUpstreamsResource implements QuarkusTestResourceLifecycleManager {

  private HttpServer server;
  private final AtomicInteger healthPercent = new AtomicInteger(100);

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/control/health/", ex -> {
      String[] parts = ex.getRequestURI().getPath().split("/");
      healthPercent.set(Integer.parseInt(parts[parts.length - 1]));
      reply(ex, 204, "");
    });
    server.createContext("/clusters/", ex -> {
      int p = healthPercent.get();
      reply(ex, 200, "{\"healthPercent\":" + p + ",\"notHealthy\":" + (p == 100 ? "[]" : "[\"n2\"]")
          + ",\"warnings\":[],\"reason\":" + (p == 100 ? "null" : "\"n2 is rebalancing\"") + "}");
    });
    server.createContext("/artifacts/", ex -> {
      if (!"POST".equals(ex.getRequestMethod()) || !ex.getRequestURI().getPath().endsWith("/verify")) {
        reply(ex, 405, "");
      } else if (ex.getRequestURI().getPath().contains("/unknown/")) {
        reply(ex, 404, "{\"verified\":false,\"reason\":\"no such artifact\"}");
      } else {
        reply(ex, 200, "{\"verified\":true,\"digest\":\"sha256:00ff\",\"keyId\":\"test-key\",\"reason\":null}");
      }
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    return Map.of("relay.node-adapter.url", url, "relay.artifact-service.url", url);
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
