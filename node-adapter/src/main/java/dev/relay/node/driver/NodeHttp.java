package dev.relay.node.driver;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The nodes' HTTP API as a client sees it (status, cluster, drain, undrain), with short timeouts. Decides what
 * counts as an answer: HTTP 200 with a readable body; anything else is an IOException naming the node's URL.
 */
public final class NodeHttp {

  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);
  /** The node asks its peers with 300 ms timeouts, so its /cluster answer can take a little longer. */
  static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final ObjectMapper mapper =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public NodeStatus status(String baseUrl) throws IOException {
    return get(baseUrl, "/status", STATUS_TIMEOUT, NodeStatus.class);
  }

  public ClusterView cluster(String baseUrl) throws IOException {
    return get(baseUrl, "/cluster", CLUSTER_TIMEOUT, ClusterView.class);
  }

  public NodeStatus post(String baseUrl, String path) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(STATUS_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    return send(baseUrl, path, req, NodeStatus.class);
  }

  private <T> T get(String baseUrl, String path, Duration timeout, Class<T> type) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build();
    return send(baseUrl, path, req, type);
  }

  private <T> T send(String baseUrl, String path, HttpRequest req, Class<T> type) throws IOException {
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(baseUrl + path + ": interrupted");
    } catch (ConnectException e) {
      throw new IOException(baseUrl + " unreachable (connection refused)");
    } catch (HttpTimeoutException e) {
      throw new IOException(baseUrl + path + " did not answer in time");
    } catch (IOException e) {
      throw new IOException(baseUrl + path + " failed: " + e, e);
    }
    if (r.statusCode() != 200) {
      throw new IOException(baseUrl + path + " answered HTTP " + r.statusCode() + ": " + r.body());
    }
    try {
      return mapper.readValue(r.body(), type);
    } catch (IOException e) {
      throw new IOException(baseUrl + path + " answered an unreadable body: " + e.getMessage(), e);
    }
  }
}
