package dev.relay.gate.rest;

import dev.relay.gate.table.GateDefinition;
import java.math.BigDecimal;

/** One row of the loaded table as GET /gates shows it. */
public record GateView(String gateId, String name, String command, String kind, BigDecimal passThreshold,
    String failAction, String deploymentTier, String phase, String timeout, int line) {

  public static GateView of(GateDefinition g) {
    return new GateView(g.id(), g.name(), g.command(), g.kindLabel(), g.threshold(), g.failAction().name(),
        g.tier().label(), g.phase().name(), g.timeout() == null ? null : g.timeout().toString(), g.line());
  }
}
