package dev.relay.gate.service;

import dev.relay.contracts.GatePhase;
import dev.relay.gate.table.FailAction;

/**
 * The verdict on one gate of one request.
 *
 * @param text the detail when passed, the reason when failed
 * @param attempts how many times the gate was judged (more than one only for DEFER)
 * @param expired a DEFER gate still failing when the RunGates deadline came
 */
public record GateResult(String gateId, String name, GatePhase phase, FailAction failAction, boolean passed,
    String text, int attempts, boolean expired) {

  /** True when this failure makes the phase fail (every action but WARN). */
  public boolean blocks() {
    return !passed && failAction.blocks();
  }
}
