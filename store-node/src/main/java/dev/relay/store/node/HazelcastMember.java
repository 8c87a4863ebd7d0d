package dev.relay.store.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.relay.sandbox.node.NodeConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one Hazelcast member of a store node. Decides its configuration: cluster name = cluster id, a fixed port on
 * 127.0.0.1, an explicit TCP member list (no multicast, no auto-detection), the {@value #MAP} and
 * {@value #STATE_MAP} maps with one synchronous backup, member attributes naming the node, its URL and version, and
 * defaults for small local members (fast join and failure detection, no phone-home, no JVM shutdown hook: the node
 * program shuts the member down itself, gracefully, and a graceful shutdown never gives up on its own). {@code hazelcast.*} keys of node.properties override the
 * defaults.
 */
public final class HazelcastMember {

  /** The replicated map holding the node's data. */
  public static final String MAP = "data";
  /** The replicated map behind /state/{key} (the sandbox node's hot-state API), apart from the data set. */
  public static final String STATE_MAP = "state";
  public static final String ATTR_NODE = "relay.node";
  public static final String ATTR_URL = "relay.url";
  public static final String ATTR_VERSION = "relay.version";

  /** Defaults, each overridable from node.properties. */
  static final Map<String, String> DEFAULTS = defaults();

  private HazelcastMember() {}

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("hazelcast.phone.home.enabled", "false");
    d.put("hazelcast.shutdownhook.enabled", "false");
    d.put("hazelcast.logging.type", "jdk");
    d.put("hazelcast.socket.bind.any", "false");
    d.put("hazelcast.wait.seconds.before.join", "1");
    d.put("hazelcast.max.wait.seconds.before.join", "3");
    d.put("hazelcast.heartbeat.interval.seconds", "1");
    d.put("hazelcast.max.no.heartbeat.seconds", "10");
    // a graceful shutdown that gave up would drop the member's replicas: it waits as long as it takes, and relay's
    // own deadline decides when to report the stop as failed (leaving the member running)
    d.put("hazelcast.graceful.shutdown.max.wait", "86400");
    d.put("hazelcast.merge.first.run.delay.seconds", "10");
    d.put("hazelcast.merge.next.run.delay.seconds", "10");
    return d;
  }

  /** Builds the member's configuration. */
  public static Config config(NodeConfig node, StoreConfig store, String version) {
    Config c = new Config();
    c.setClusterName(node.clusterId());
    c.setInstanceName(node.clusterId() + "-" + node.nodeId());
    DEFAULTS.forEach(c::setProperty);
    store.hazelcastProperties().forEach(c::setProperty);
    NetworkConfig net = c.getNetworkConfig();
    net.setPort(store.hzPort()).setPortAutoIncrement(false).setPortCount(1);
    net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(store.hzMembers());
    c.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    c.getMapConfig(STATE_MAP).setBackupCount(1).setAsyncBackupCount(0);
    c.getMemberAttributeConfig()
        .setAttribute(ATTR_NODE, node.nodeId())
        .setAttribute(ATTR_URL, node.selfUrl())
        .setAttribute(ATTR_VERSION, version);
    c.getJetConfig().setEnabled(false);
    return c;
  }

  /** Starts the member; returns once it has joined (or formed) the cluster. */
  public static HazelcastInstance start(NodeConfig node, StoreConfig store, String version) {
    return Hazelcast.newHazelcastInstance(config(node, store, version));
  }
}
