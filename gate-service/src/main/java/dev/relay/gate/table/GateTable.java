package dev.relay.gate.table;

import dev.relay.contracts.GatePhase;
import java.util.List;

/** The loaded, checked gate table and where it came from; decides which gates a phase and tier must pass. */
public record GateTable(String source, List<GateDefinition> gates) {

  public GateTable {
    gates = List.copyOf(gates);
  }

  /** The gates that apply, in table order. */
  public List<GateDefinition> applicable(GatePhase phase, int tier) {
    return gates.stream().filter(g -> g.appliesTo(phase, tier)).toList();
  }
}
