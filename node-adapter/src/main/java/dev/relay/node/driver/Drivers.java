package dev.relay.node.driver;

import dev.relay.contracts.ClusterProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;

/** Picks the driver named by a cluster profile ({@code driver}, "sandbox" when absent). */
@ApplicationScoped
public class Drivers {

  private final List<NodeDriver> drivers;

  public Drivers(Instance<NodeDriver> drivers) {
    this.drivers = drivers.stream().toList();
  }

  public Optional<NodeDriver> forCluster(ClusterProfile cluster) {
    String kind = cluster.driver() == null || cluster.driver().isBlank() ? SandboxDriver.KIND : cluster.driver();
    return drivers.stream().filter(d -> d.kind().equalsIgnoreCase(kind.trim())).findFirst();
  }
}
