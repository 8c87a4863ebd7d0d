package dev.relay.store.release;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to provision: a store cluster of local member processes.
 *
 * @param clusterId the cluster id (also the Hazelcast cluster name)
 * @param nodes node ids and ports, in rollout order
 * @param initialTarGz the store release every node starts on
 * @param initialDigest its digest ({@code sha256:<hex>})
 * @param hazelcastProperties {@code hazelcast.*} properties written alike into every node.properties
 */
public record StoreClusterSpec(String clusterId, List<NodeSpec> nodes, Path initialTarGz, String initialDigest,
    Map<String, String> hazelcastProperties) {

  /** One node: its id, HTTP port and Hazelcast member port. */
  public record NodeSpec(String nodeId, int port, int hzPort) {
    public String url() {
      return "http://127.0.0.1:" + port;
    }

    public String hzAddress() {
      return "127.0.0.1:" + hzPort;
    }
  }
}
