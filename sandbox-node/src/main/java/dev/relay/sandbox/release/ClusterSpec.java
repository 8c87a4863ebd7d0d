package dev.relay.sandbox.release;

import java.nio.file.Path;
import java.util.List;

/**
 * What to provision: a cluster of local node processes.
 *
 * @param clusterId the cluster id
 * @param nodes node ids and ports, in rollout order
 * @param initialTarGz the release every node starts on
 * @param initialDigest its digest ({@code sha256:<hex>})
 * @param joinDelayMs each node's joining time after start
 * @param rebalanceMs each node's rebalancing time after joining
 */
public record ClusterSpec(
    String clusterId, List<NodeSpec> nodes, Path initialTarGz, String initialDigest, long joinDelayMs, long rebalanceMs) {

  /** One node: its id and HTTP port. */
  public record NodeSpec(String nodeId, int port) {
    public String url() {
      return "http://127.0.0.1:" + port;
    }
  }
}
