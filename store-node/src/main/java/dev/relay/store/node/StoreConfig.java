package dev.relay.store.node;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A store node's own settings, read from the same {@code node.properties} as the sandbox node's (which
 * {@link dev.relay.sandbox.node.NodeConfig} reads). Decides which store keys are required and that every
 * {@code hazelcast.*} key is handed to Hazelcast as a property (so the partition count and migration interval are set
 * alike on every member by writing them alike into every node.properties).
 *
 * @param hzPort the Hazelcast member port on 127.0.0.1 ({@code hz.port})
 * @param hzMembers every member's {@code 127.0.0.1:port}, this one included ({@code hz.members})
 * @param hazelcastProperties the {@code hazelcast.*} keys, as given
 */
public record StoreConfig(int hzPort, List<String> hzMembers, Map<String, String> hazelcastProperties) {

  public static StoreConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    String port = p.getProperty("hz.port");
    String members = p.getProperty("hz.members");
    if (port == null || port.isBlank()) {
      throw new IllegalArgumentException(file + ": missing required property 'hz.port'");
    }
    if (members == null || members.isBlank()) {
      throw new IllegalArgumentException(file + ": missing required property 'hz.members'");
    }
    Map<String, String> hz = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("hazelcast.")) {
        hz.put(key, p.getProperty(key).trim());
      }
    }
    int hzPort;
    try {
      hzPort = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": 'hz.port' must be a port number, was '" + port.trim() + "'");
    }
    return new StoreConfig(hzPort,
        Arrays.stream(members.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(), hz);
  }
}
