package dev.relay.node.bluegreen;

import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterProfile.Node;
import dev.relay.node.jobs.JobFailure;
import java.util.List;

/**
 * The two groups of a blue-green cluster: "blue" is the profile's {@code nodes} (serving), "green" its {@code green}
 * nodes (the shadow). Decides what an unknown group or a cluster without green nodes means: a failure naming it.
 */
public final class Groups {

  public static final String BLUE = "blue";
  public static final String GREEN = "green";

  private Groups() {}

  public static List<Node> nodes(ClusterProfile cluster, String group) {
    if (BLUE.equals(group)) {
      return require(cluster, group, cluster.nodes());
    }
    if (GREEN.equals(group)) {
      return require(cluster, group, cluster.green());
    }
    throw new JobFailure("unknown group '" + group + "' (blue or green)");
  }

  /** The other group. */
  public static String other(String group) {
    if (BLUE.equals(group)) {
      return GREEN;
    }
    if (GREEN.equals(group)) {
      return BLUE;
    }
    throw new JobFailure("unknown group '" + group + "' (blue or green)");
  }

  /** The source of green node i's replication: blue node i (modulo the size of blue). */
  public static Node sourceOf(ClusterProfile cluster, int greenIndex) {
    return sourceOf(cluster, GREEN, greenIndex);
  }

  /** The source of node i of the replicating group {@code to}: node i (modulo its size) of the other group. */
  public static Node sourceOf(ClusterProfile cluster, String to, int index) {
    List<Node> from = nodes(cluster, other(to));
    return from.get(index % from.size());
  }

  private static List<Node> require(ClusterProfile cluster, String group, List<Node> nodes) {
    if (nodes == null || nodes.isEmpty()) {
      throw new JobFailure("cluster '" + cluster.id() + "' has no " + group + " nodes");
    }
    return nodes;
  }
}
