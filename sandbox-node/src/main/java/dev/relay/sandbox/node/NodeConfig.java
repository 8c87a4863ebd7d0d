package dev.relay.sandbox.node;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A node's settings, read from its {@code node.properties}. Decides which keys are required and the defaults of the
 * optional ones; refuses a file that lacks a required key, naming it.
 *
 * @param nodeId this node's id
 * @param clusterId the cluster it belongs to
 * @param port the HTTP port (bound on 127.0.0.1)
 * @param peers base URLs of the other nodes (may be empty)
 * @param joinDelayMs how long the node stays "joining" after start
 * @param rebalanceMs how long it then stays "rebalancing"
 * @param keysDir where the node key lives (outside any release folder)
 * @param replicationIntervalMs how often a replica pulls its source's changes ({@code replication.interval.ms},
 *     default 100)
 */
public record NodeConfig(
    String nodeId, String clusterId, int port, List<String> peers, long joinDelayMs, long rebalanceMs, Path keysDir,
    long replicationIntervalMs) {

  public static NodeConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    String peers = p.getProperty("peers", "").trim();
    return new NodeConfig(
        required(p, "node.id", file),
        required(p, "cluster.id", file),
        Integer.parseInt(required(p, "port", file)),
        peers.isEmpty() ? List.of() : Arrays.stream(peers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        Long.parseLong(p.getProperty("join.delay.ms", "1000").trim()),
        Long.parseLong(p.getProperty("rebalance.ms", "2000").trim()),
        Path.of(required(p, "keys.dir", file)),
        Long.parseLong(p.getProperty("replication.interval.ms", "100").trim()));
  }

  /** This node's own base URL. */
  public String selfUrl() {
    return "http://127.0.0.1:" + port;
  }

  private static String required(Properties p, String key, Path file) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(file + ": missing required property '" + key + "'");
    }
    return v.trim();
  }
}
