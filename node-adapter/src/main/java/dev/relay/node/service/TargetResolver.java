package dev.relay.node.service;

import dev.relay.contracts.ClusterProfile;
import dev.relay.node.config.ClusterDirectory;
import dev.relay.node.driver.Drivers;
import dev.relay.node.driver.NodeDriver;
import dev.relay.node.jobs.JobFailure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the cluster, node and driver a command names; an unknown one is a failure naming it. A node id is looked up
 * in both groups of a blue-green cluster (blue = {@code nodes}, green = {@code green}).
 */
@ApplicationScoped
public class TargetResolver {

  private final ClusterDirectory directory;
  private final Drivers drivers;

  public TargetResolver(ClusterDirectory directory, Drivers drivers) {
    this.directory = directory;
    this.drivers = drivers;
  }

  /** @param nodeId the node, or null for a command about the whole cluster */
  public Target resolve(String clusterId, String nodeId) {
    ClusterProfile cluster = directory.find(clusterId)
        .orElseThrow(() -> new JobFailure("unknown cluster '" + clusterId + "'"));
    NodeDriver driver = drivers.forCluster(cluster)
        .orElseThrow(() -> new JobFailure("cluster '" + clusterId + "' names driver '" + cluster.driver()
            + "', which node-adapter does not have"));
    ClusterProfile.Node node = null;
    if (nodeId != null) {
      node = cluster.anyNode(nodeId)
          .orElseThrow(() -> new JobFailure("unknown node '" + nodeId + "' in cluster '" + clusterId + "'"));
    }
    return new Target(cluster, node, driver);
  }
}
