package dev.relay.contracts;

import java.util.List;
import java.util.Optional;

/**
 * A target cluster as the installation knows it.
 *
 * @param id cluster id, the Kafka key of everything about it
 * @param plan the customer's plan (SME, PERSONAL, ENTERPRISE, GOV): it decides the tier
 * @param driver how node-adapter reaches the nodes ("sandbox": local processes)
 * @param nodes in rollout order
 */
public record ClusterProfile(String id, String plan, String driver, List<Node> nodes, List<Node> green,
    Traffic traffic) {

  /** A Tier 1 profile: one group of nodes, no traffic switch. */
  public ClusterProfile(String id, String plan, String driver, List<Node> nodes) {
    this(id, plan, driver, nodes, null, null);
  }

  /** A node: its id and the base URL of its HTTP endpoint. */
  public record Node(String id, String url) {}

  /**
   * Tier 2: the virtual IP. {@code runtimeApi} is HAProxy's runtime API socket (a path, or host:port), {@code backend}
   * the backend holding blue and green servers (server names = node ids), {@code frontendUrl} what clients call.
   */
  public record Traffic(String runtimeApi, String backend, String frontendUrl) {}

  /** Tier 2: the shadow (green) nodes; empty for Tier 1. */
  public List<String> greenIds() {
    return green == null ? List.of() : green.stream().map(Node::id).toList();
  }

  /** A node of either group. */
  public Optional<Node> anyNode(String nodeId) {
    return node(nodeId).or(() -> green == null ? Optional.empty()
        : green.stream().filter(n -> n.id().equals(nodeId)).findFirst());
  }

  public List<String> nodeIds() {
    return nodes == null ? List.of() : nodes.stream().map(Node::id).toList();
  }

  public Optional<Node> node(String nodeId) {
    return nodes == null ? Optional.empty() : nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst();
  }

  /** The tier the plan buys, or empty when the plan is unknown. */
  public Optional<Integer> planTier() {
    if (plan == null) {
      return Optional.empty();
    }
    return switch (plan.trim().toUpperCase()) {
      case "SME", "PERSONAL" -> Optional.of(1);
      case "ENTERPRISE", "GOV", "GOVERNMENT" -> Optional.of(2);
      default -> Optional.empty();
    };
  }
}
