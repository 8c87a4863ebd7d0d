package dev.relay.gate.table;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the loader checks a table against besides its own syntax: the host allow-list, the service URLs that
 * {@code {node-adapter}}, {@code {artifact-service}} and {@code {compliance-watcher}} stand for (absent = not
 * configured: a row using it is refused), and the folder relative script paths are resolved against.
 */
public record LoadRules(HostAllowList allowedHosts, Map<String, String> services, Path baseDir) {

  /** The placeholders filled from configuration when the table loads, not from the request. */
  public static final java.util.Set<String> SERVICE_PLACEHOLDERS =
      java.util.Set.of("node-adapter", "artifact-service", "compliance-watcher");

  public LoadRules {
    services = Map.copyOf(services);
  }

  /** Loopback only, no service URLs, scripts relative to the working directory. */
  public static LoadRules defaults() {
    return new LoadRules(HostAllowList.loopback(), Map.of(), null);
  }

  public LoadRules withBaseDir(Path dir) {
    return new LoadRules(allowedHosts, services, dir);
  }
}
