package dev.relay.gate.service;

import dev.relay.gate.table.GateDefinition;
import dev.relay.gate.table.GateKindName;
import dev.relay.gate.table.GateTable;
import dev.relay.gate.table.GateTableException;
import dev.relay.gate.table.GateTableLoader;
import dev.relay.gate.table.LoadRules;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Loads the gate table when the service starts and refuses to start on a bad table, on a gate URL whose host is not
 * allowed, or on a table whose builtin gates need a setting that is not configured (an upstream URL, the expected
 * company key fingerprint, the broker): the service never runs half-configured.
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
    table = check(GateTableLoader.load(Path.of(settings.gatesFile()), rules(settings)), settings);
    LOG.infof("gate table %s loaded: %d gates", table.source(), table.gates().size());
  }

  /** The load rules the settings give: allowed hosts and service URLs. */
  public static LoadRules rules(GateSettings settings) {
    return new LoadRules(settings.allowedHosts(), settings.serviceUrls(), null);
  }

  /** The table, or a refusal naming every builtin gate whose setting is not configured. */
  public static GateTable check(GateTable table, GateSettings settings) {
    List<String> problems = new ArrayList<>();
    for (GateDefinition g : table.gates()) {
      if (g.kind() == GateKindName.BUILTIN && settings.configured(g.builtin().needs()).isEmpty()) {
        problems.add("line " + g.line() + " (Gate_ID " + g.id() + ") needs " + g.builtin().needs()
            + ", which is not configured");
      }
    }
    for (var e : settings.serviceUrls().entrySet()) {
      settings.allowedHosts().refusal(e.getValue())
          .ifPresent(r -> problems.add("relay." + e.getKey() + ".url: " + r));
    }
    if (!problems.isEmpty()) {
      throw new GateTableException("gate table " + table.source() + " refused: " + String.join("; ", problems));
    }
    return table;
  }

  public GateTable table() {
    return table;
  }
}
