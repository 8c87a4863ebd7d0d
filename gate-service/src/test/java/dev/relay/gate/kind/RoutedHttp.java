package dev.relay.gate.kind;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test helper: a JDK HttpServer answering each path (and query) with the status and body set for it; else 404. */
final class RoutedHttp implements AutoCloseable {

  record Answer(int status, String body) {}

  private final Map<String, Answer> routes = new ConcurrentHashMap<>();
  private final HttpServer server;

  RoutedHttp() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", ex -> {
      String q = ex.getRequestURI().getRawQuery();
      String key = ex.getRequestURI().getPath() + (q == null ? "" : "?" + q);
      Answer a = routes.getOrDefault(key, routes.getOrDefault(ex.getRequestURI().getPath(), new Answer(404, "")));
      byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
      if (b.length > 0) {
        ex.getResponseBody().write(b);
      }
      ex.close();
    });
    server.start();
  }

  RoutedHttp on(String path, int status, String body) {
    routes.put(path, new Answer(status, body));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
