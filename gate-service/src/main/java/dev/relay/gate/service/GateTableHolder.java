package dev.relay.gate.service;

import dev.relay.gate.table.GateKindName;
import dev.relay.gate.table.GateTable;
import dev.relay.gate.table.GateTableException;
import dev.relay.gate.table.GateTableLoader;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Loads the gate table when the service starts and refuses to start on a bad table, or on a table whose builtin gates
 * need an upstream URL that is not configured: the service never runs half-configured.
 */
@Startup
@Singleton
public class GateTableHolder {

  private static final Logger LOG = Logger.getLogger(GateTableHolder.class);

  @Inject
  GateSettings settings;

  private GateTable table;

  @PostConstruct
  void load() {
    table = check(GateTableLoader.load(Path.of(settings.gatesFile())), settings);
    LOG.infof("gate table %s loaded: %d gates", table.source(), table.gates().size());
  }

  /** The table, or a refusal when its builtin gates need an upstream that is not configured. */
  public static GateTable check(GateTable table, GateSettings settings) {
    for (var g : table.gates()) {
      if (g.kind() == GateKindName.CLUSTER_HEALTH && settings.nodeAdapterUrl().isEmpty()) {
        throw new GateTableException("gate table " + table.source() + ": line " + g.line() + " (Gate_ID " + g.id()
            + ") needs relay.node-adapter.url, which is not configured");
      }
      if (g.kind() == GateKindName.ARTIFACT_SIGNATURE && settings.artifactServiceUrl().isEmpty()) {
        throw new GateTableException("gate table " + table.source() + ": line " + g.line() + " (Gate_ID " + g.id()
            + ") needs relay.artifact-service.url, which is not configured");
      }
    }
    return table;
  }

  public GateTable table() {
    return table;
  }
}
