package dev.relay.sandbox.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * This node's view of the cluster. Asks every peer for its /status (300 ms timeout; no answer = "down") and decides
 * each member's score and the cluster's healthPercent: healthy and not draining scores its health value, rebalancing
 * 50, joining/draining/down 0; healthPercent is the floor of the average.
 */
public final class ClusterViewBuilder {

  static final Duration PEER_TIMEOUT = Duration.ofMillis(300);

  private final NodeConfig config;
  private final Supplier<Map<String, Object>> selfStatus;
  private final HttpClient http;
  /** Peer ids seen before, so a peer that went down is still named by id. */
  private final Map<String, String> knownIds = new ConcurrentHashMap<>();

  public ClusterViewBuilder(NodeConfig config, Supplier<Map<String, Object>> selfStatus) {
    this.config = config;
    this.selfStatus = selfStatus;
    this.http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();
  }

  public Map<String, Object> build() {
    List<CompletableFuture<Map<String, Object>>> asks = new ArrayList<>();
    for (String peer : config.peers()) {
      asks.add(ask(peer));
    }
    List<Map<String, Object>> members = new ArrayList<>();
    members.add(member(selfStatus.get(), config.selfUrl(), true));
    for (int i = 0; i < asks.size(); i++) {
      String url = config.peers().get(i);
      Map<String, Object> status = asks.get(i).join();
      if (status != null && status.get("id") != null) {
        knownIds.put(url, String.valueOf(status.get("id")));
        members.add(member(status, url, true));
      } else {
        Map<String, Object> down = new LinkedHashMap<>();
        down.put("id", knownIds.getOrDefault(url, url));
        members.add(member(down, url, false));
      }
    }
    return summarize(members);
  }

  private CompletableFuture<Map<String, Object>> ask(String peer) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(peer + "/status")).timeout(PEER_TIMEOUT).GET().build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
        .<Map<String, Object>>thenApply(r -> r.statusCode() == 200 ? asMap(Json.parse(r.body())) : null)
        .exceptionally(t -> null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static Map<String, Object> member(Map<String, Object> status, String url, boolean reachable) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", status.get("id"));
    m.put("url", url);
    m.put("state", reachable ? status.getOrDefault("state", "down") : "down");
    m.put("version", status.get("version"));
    m.put("health", reachable ? ((Number) status.getOrDefault("health", 0)).intValue() : 0);
    m.put("draining", reachable && Boolean.TRUE.equals(status.get("draining")));
    m.put("reachable", reachable);
    m.put("warnings", status.getOrDefault("warnings", List.of()));
    return m;
  }

  /** The score of one member, 0..100. */
  static int score(String state, boolean draining, int health) {
    if (draining) {
      return 0;
    }
    return switch (state) {
      case "healthy" -> health;
      case "rebalancing" -> 50;
      default -> 0;
    };
  }

  static Map<String, Object> summarize(List<Map<String, Object>> members) {
    List<String> joined = new ArrayList<>();
    List<String> rebalancing = new ArrayList<>();
    List<String> notHealthy = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    long total = 0;
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m : members) {
      String id = String.valueOf(m.get("id"));
      String state = String.valueOf(m.get("state"));
      boolean draining = Boolean.TRUE.equals(m.get("draining"));
      int score = score(state, draining, (Integer) m.get("health"));
      total += score;
      if (state.equals("healthy") || state.equals("rebalancing")) {
        joined.add(id);
      }
      if (state.equals("rebalancing")) {
        rebalancing.add(id);
      }
      if (score < 100) {
        notHealthy.add(id);
      }
      if (!Boolean.TRUE.equals(m.get("reachable"))) {
        warnings.add(id + ": unreachable");
      }
      for (Object w : (List<?>) m.remove("warnings")) {
        warnings.add(id + ": " + w);
      }
      out.add(m);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("members", out);
    view.put("healthPercent", out.isEmpty() ? 0 : (int) Math.floor((double) total / out.size()));
    view.put("joined", joined);
    view.put("rebalancing", rebalancing);
    view.put("notHealthy", notHealthy);
    view.put("warnings", warnings);
    return view;
  }
}
