package dev.relay.node.config;

import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The cluster profiles, read from {@code relay.clusters-file} and read again when the file changes. A file that
 * cannot be read is an error for the caller, never an empty registry.
 */
@ApplicationScoped
public class ClusterDirectory {

  private final RelayConfig config;
  private ClusterRegistry registry;
  private FileTime loadedAt;

  public ClusterDirectory(RelayConfig config) {
    this.config = config;
  }

  public synchronized ClusterRegistry registry() {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(config.clustersFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read cluster profiles " + config.clustersFile() + ": " + e.getMessage(), e);
    }
    if (registry == null || !modified.equals(loadedAt)) {
      registry = ClusterRegistry.load(config.clustersFile());
      loadedAt = modified;
    }
    return registry;
  }

  public Optional<ClusterProfile> find(String clusterId) {
    return clusterId == null ? Optional.empty() : registry().find(clusterId);
  }
}
