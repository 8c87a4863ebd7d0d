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
public record ClusterProfile(String id, String plan, String driver, List<Node> nodes) {

  /** A node: its id and the base URL of its HTTP endpoint. */
  public record Node(String id, String url) {}

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
