package dev.relay.store.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.relay.sandbox.node.Json;
import dev.relay.sandbox.node.NodeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * This node's view of the store cluster, in the sandbox node's {@code /cluster} shape. Decides membership and
 * rebalancing from Hazelcast, not from time: a configured node is {@code joined} when its member is in this member's
 * Hazelcast member list; every joined, answering member is {@code rebalancing} while the cluster is not safe
 * ({@link SafetySampler}) and {@code healthy} once it is. Version, drain flag, health override and warnings come from
 * each node's own {@code /status} (300 ms timeout). Scores as the sandbox: healthy and not draining scores its health,
 * rebalancing 50, anything else 0; {@code healthPercent} is the floor of the average over the configured nodes, so it is
 * 100 only when every configured member is present, answering and the cluster is safe.
 */
public final class StoreClusterView {

  static final Duration PEER_TIMEOUT = Duration.ofMillis(300);

  private final NodeConfig config;
  private final HazelcastInstance hz;
  private final SafetySampler safety;
  private final Supplier<Map<String, Object>> selfStatus;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();
  private final Map<String, String> knownIds = new ConcurrentHashMap<>();

  public StoreClusterView(NodeConfig config, HazelcastInstance hz, SafetySampler safety,
      Supplier<Map<String, Object>> selfStatus) {
    this.config = config;
    this.hz = hz;
    this.safety = safety;
    this.selfStatus = selfStatus;
  }

  public Map<String, Object> build() {
    List<CompletableFuture<Map<String, Object>>> asks = config.peers().stream().map(this::ask).toList();
    Map<String, Member> inCluster = new HashMap<>();
    for (Member m : hz.getCluster().getMembers()) {
      String url = m.getAttribute(HazelcastMember.ATTR_URL);
      if (url != null) {
        inCluster.put(url, m);
      }
    }
    boolean safe = safety.safe();
    List<Map<String, Object>> members = new ArrayList<>();
    members.add(member(config.selfUrl(), selfStatus.get(), inCluster.get(config.selfUrl()), safe));
    for (int i = 0; i < asks.size(); i++) {
      String url = config.peers().get(i);
      members.add(member(url, asks.get(i).join(), inCluster.get(url), safe));
    }
    Map<String, Object> view = summarize(members);
    view.put("clusterSafe", safe);
    view.put("hazelcastMembers", inCluster.size());
    return view;
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

  private Map<String, Object> member(String url, Map<String, Object> status, Member hzMember, boolean safe) {
    boolean reachable = status != null && status.get("id") != null;
    boolean joined = hzMember != null;
    String id = joined ? hzMember.getAttribute(HazelcastMember.ATTR_NODE)
        : reachable ? String.valueOf(status.get("id")) : knownIds.getOrDefault(url, url);
    knownIds.put(url, id);
    Object version = reachable ? status.get("version") : joined ? hzMember.getAttribute(HazelcastMember.ATTR_VERSION) : null;
    String state = joined ? (reachable ? (safe ? "healthy" : "rebalancing") : "leaving") : (reachable ? "joining" : "down");
    List<String> warnings = new ArrayList<>();
    if (!reachable) {
      warnings.add("unreachable");
    } else {
      ((List<?>) status.getOrDefault("warnings", List.of())).forEach(w -> warnings.add(String.valueOf(w)));
    }
    if (!joined) {
      warnings.add("not in the Hazelcast member list");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("url", url);
    m.put("state", state);
    m.put("version", version);
    m.put("health", reachable ? ((Number) status.getOrDefault("health", 0)).intValue() : 0);
    m.put("draining", reachable && Boolean.TRUE.equals(status.get("draining")));
    m.put("reachable", reachable);
    m.put("joined", joined);
    m.put("warnings", warnings);
    return m;
  }

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
    for (Map<String, Object> m : members) {
      String id = String.valueOf(m.get("id"));
      String state = String.valueOf(m.get("state"));
      int score = score(state, Boolean.TRUE.equals(m.get("draining")), (Integer) m.get("health"));
      total += score;
      if (Boolean.TRUE.equals(m.get("joined"))) {
        joined.add(id);
      }
      if (state.equals("rebalancing")) {
        rebalancing.add(id);
      }
      if (score < 100) {
        notHealthy.add(id);
      }
      for (Object w : (List<?>) m.remove("warnings")) {
        warnings.add(id + ": " + w);
      }
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("members", members);
    view.put("healthPercent", members.isEmpty() ? 0 : (int) Math.floor((double) total / members.size()));
    view.put("joined", joined);
    view.put("rebalancing", rebalancing);
    view.put("notHealthy", notHealthy);
    view.put("warnings", warnings);
    return view;
  }
}
