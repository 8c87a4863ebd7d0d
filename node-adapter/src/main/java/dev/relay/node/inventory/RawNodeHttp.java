package dev.relay.node.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A node's HTTP API read as it answers (a JSON tree, every field kept), for reports that pass fields through which
 * node-adapter's own records do not model (e.g. {@code companyKeyFingerprint}, {@code replicationLag}), and plain
 * requests for client traffic. Decides what an answer is: HTTP 200 with a readable body, else an IOException naming
 * the URL.
 */
public final class RawNodeHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  /** GET url as JSON within the timeout. */
  public JsonNode json(String url, Duration timeout) throws IOException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered HTTP " + r.statusCode());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IOException(url + " answered an unreadable body: " + e.getMessage(), e);
    }
  }

  /** Any request; the caller judges the status. Throws only when there is no answer. */
  public HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(request.uri() + ": interrupted");
    } catch (IOException e) {
      throw new IOException(request.method() + " " + request.uri() + " got no answer: " + e, e);
    }
  }
}
