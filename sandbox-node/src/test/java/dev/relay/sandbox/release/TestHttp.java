package dev.relay.sandbox.release;

import dev.relay.sandbox.node.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Small HTTP helper for tests talking to real sandbox nodes. */
final class TestHttp {

  record Reply(int code, Map<String, Object> body) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  static Reply get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  static Reply post(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  @SuppressWarnings("unchecked")
  private static Reply send(HttpRequest req) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), (Map<String, Object>) Json.parse(r.body()));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static java.nio.file.Path builtJar() {
    String jar = System.getProperty("sandbox.node.jar");
    if (jar == null || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(jar))) {
      throw new IllegalStateException("sandbox.node.jar not set or missing (" + jar + "): run with mvn verify");
    }
    return java.nio.file.Path.of(jar);
  }

  private TestHttp() {}
}
