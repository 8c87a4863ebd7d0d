package dev.relay.node.service;

import dev.relay.contracts.ClusterProfile;
import dev.relay.node.driver.ClusterView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks nodes for their view of the cluster and decides whose view counts: the first node, in rollout order, that
 * answers. For a node's own membership the other nodes are asked first (the cluster's view, not the node's word).
 * In a blue-green cluster a green node's cluster is the green group: its peers are green, so green nodes are asked.
 */
public final class ClusterViews {

  /** A view and the node that gave it. */
  public record Answer(String via, ClusterView view) {}

  private ClusterViews() {}

  /** The first answer from any node of the cluster; throws naming every node that did not answer. */
  public static Answer anyNode(Target t) throws IOException {
    return firstOf(t, group(t));
  }

  /** The first answer from a node other than t's node (t's own when it is alone). */
  public static Answer otherThan(Target t) throws IOException {
    List<ClusterProfile.Node> group = group(t);
    List<ClusterProfile.Node> others = group.stream().filter(n -> !n.id().equals(t.nodeId())).toList();
    return firstOf(t, others.isEmpty() ? group : others);
  }

  /** The nodes of t's node's group: green when it is a green node, else the cluster's (blue) nodes. */
  static List<ClusterProfile.Node> group(Target t) {
    List<ClusterProfile.Node> green = t.cluster().green();
    if (t.nodeId() != null && green != null && green.stream().anyMatch(n -> n.id().equals(t.nodeId()))) {
      return green;
    }
    return t.cluster().nodes();
  }

  /** The first answer from any of these nodes; throws naming every node that did not answer. */
  public static Answer firstOf(Target t, List<ClusterProfile.Node> nodes) throws IOException {
    List<String> errors = new ArrayList<>();
    for (ClusterProfile.Node n : nodes) {
      try {
        return new Answer(n.id(), t.driver().clusterView(t.cluster(), n));
      } catch (IOException e) {
        errors.add(n.id() + ": " + e.getMessage());
      }
    }
    throw new IOException("no node of cluster " + t.cluster().id() + " answered (" + String.join("; ", errors) + ")");
  }
}
