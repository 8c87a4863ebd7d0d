package dev.relay.sandbox.node;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /stream?seconds=N}: a long-lived response (chunked), one JSON line per second
 * ({@code {"node","version","line":i,"of":N}}), for long-connection tests. Counts as in flight while it runs, so a
 * drain waits for it; refused (503) while draining, like new work.
 */
final class StreamEndpoint {

  static final int MAX_SECONDS = 3600;

  private final NodeConfig config;
  private final String version;
  private final NodeState state;

  StreamEndpoint(NodeConfig config, String version, NodeState state) {
    this.config = config;
    this.version = version;
    this.state = state;
  }

  void stream(HttpExchange ex) throws IOException {
    int seconds = Math.max(1, Math.min(MAX_SECONDS, Integer.parseInt(Exchanges.query(ex).getOrDefault("seconds", "10"))));
    if (!state.admit()) {
      Exchanges.reply(ex, 503, Map.of("error", "draining"));
      return;
    }
    try {
      ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 1; i <= seconds; i++) {
          String line = "{\"node\":\"" + config.nodeId() + "\",\"version\":\"" + version + "\",\"line\":" + i
              + ",\"of\":" + seconds + "}\n";
          out.write(line.getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (i < seconds) {
            Thread.sleep(1000);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      state.finish();
    }
  }
}
