package dev.relay.orchestrator.config;

import dev.relay.contracts.ClusterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The cluster registry, read and checked at startup: a bad file stops the service from starting rather than running
 * half-configured.
 */
@Startup
@ApplicationScoped
public class ClusterProfiles {

  private static final Logger LOG = Logger.getLogger(ClusterProfiles.class);

  private final OrchestratorConfig config;
  private volatile ClusterRegistry registry;

  ClusterProfiles(OrchestratorConfig config) {
    this.config = config;
  }

  @PostConstruct
  void load() {
    registry = ClusterRegistry.load(Path.of(config.clustersFile()));
    LOG.infof("cluster profiles: %d from %s; DEPLOYMENT_TIER=%s", registry.clusters().size(), config.clustersFile(),
        config.deploymentTier().orElse("(not set: every request will be refused)"));
  }

  public ClusterRegistry registry() {
    return registry;
  }
}
