package dev.relay.node.service;

import dev.relay.contracts.ClusterProfile;
import dev.relay.node.driver.NodeDriver;

/**
 * What a command acts on, resolved from the cluster registry.
 *
 * @param cluster the cluster profile
 * @param node the node (null for cluster-wide commands without one)
 * @param driver the driver the profile names
 */
public record Target(ClusterProfile cluster, ClusterProfile.Node node, NodeDriver driver) {

  public String nodeId() {
    return node == null ? null : node.id();
  }
}
