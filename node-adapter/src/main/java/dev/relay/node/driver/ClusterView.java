package dev.relay.node.driver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/** One node's view of its cluster ({@code GET /cluster}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterView(
    List<Member> members,
    int healthPercent,
    List<String> joined,
    List<String> rebalancing,
    List<String> notHealthy,
    List<String> warnings) {

  /** A member as the viewing node sees it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Member(String id, String url, String state, String version, int health, boolean draining,
      boolean reachable) {}

  public ClusterView {
    members = members == null ? List.of() : List.copyOf(members);
    joined = joined == null ? List.of() : List.copyOf(joined);
    rebalancing = rebalancing == null ? List.of() : List.copyOf(rebalancing);
    notHealthy = notHealthy == null ? List.of() : List.copyOf(notHealthy);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public Optional<Member> member(String id) {
    return members.stream().filter(m -> id.equals(m.id())).findFirst();
  }

  /** Full health: 100% and nothing rebalancing. */
  public boolean complete() {
    return healthPercent == 100 && rebalancing.isEmpty();
  }

  /** "cluster health 97% (node-4: disk slow)": the percentage and what keeps it below 100. */
  public String describe() {
    StringBuilder sb = new StringBuilder("cluster health " + healthPercent + "%");
    if (!warnings.isEmpty()) {
      sb.append(" (").append(String.join(", ", warnings)).append(')');
    } else if (!rebalancing.isEmpty()) {
      sb.append(" (rebalancing: ").append(String.join(", ", rebalancing)).append(')');
    } else if (!notHealthy.isEmpty()) {
      sb.append(" (not healthy: ").append(String.join(", ", notHealthy)).append(')');
    }
    return sb.toString();
  }
}
