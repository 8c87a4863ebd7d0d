package dev.relay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Messages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A client of store nodes' HTTP API for the demo and the tests: load the known data set ({@code key-i -> value-i}),
 * check how many of its entries are there, read a node's view of the cluster, and count how many members are out
 * (not in the Hazelcast member list, or drained) in that view. Every wait has a deadline and fails naming the last
 * observation.
 */
public final class StoreClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** Loads entries 0..count-1 through this node; returns the map's size afterwards. */
  public long load(String nodeUrl, int count) throws IOException, InterruptedException {
    return send("POST", nodeUrl + "/data/load?count=" + count, Duration.ofMinutes(2)).path("size").asLong();
  }

  /** How many of entries 0..count-1 are present with their value, read through this node. */
  public long present(String nodeUrl, int count) throws IOException, InterruptedException {
    JsonNode v = send("GET", nodeUrl + "/data/verify?count=" + count, Duration.ofMinutes(2));
    return v.path("present").asLong() - v.path("wrong").asLong();
  }

  /** The node's view of the cluster ({@code GET /cluster}). */
  public JsonNode cluster(String nodeUrl) throws IOException, InterruptedException {
    return send("GET", nodeUrl + "/cluster", Duration.ofSeconds(3));
  }

  /** The first answering node's view, if any answers. */
  public Optional<JsonNode> anyView(List<String> nodeUrls) {
    for (String url : nodeUrls) {
      try {
        return Optional.of(cluster(url));
      } catch (IOException e) {
        // next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Members out in this view: not in the Hazelcast member list, or drained. */
  public static int out(JsonNode view) {
    int out = 0;
    for (JsonNode m : view.path("members")) {
      if (!m.path("joined").asBoolean() || m.path("draining").asBoolean()) {
        out++;
      }
    }
    return out;
  }

  /** Waits until some node reports 100% with nothing rebalancing and every member joined; returns that view. */
  public JsonNode awaitFull(List<String> nodeUrls, Duration timeout) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      Optional<JsonNode> v = anyView(nodeUrls);
      if (v.isPresent()) {
        last = v.get();
        if (last.path("healthPercent").asInt() == 100 && last.path("rebalancing").isEmpty()
            && last.path("joined").size() == nodeUrls.size()) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new IOException("the store cluster did not reach 100% with every member joined and nothing rebalancing"
        + " within " + timeout + "; last view: " + last);
  }

  private JsonNode send(String method, String url, Duration timeout) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(method + " " + url + " answered HTTP " + r.statusCode() + ": " + r.body());
    }
    return Messages.mapper().readTree(r.body());
  }
}
