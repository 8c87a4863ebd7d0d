package dev.relay.gate.service;

import dev.relay.contracts.GatePhase;
import dev.relay.gate.table.FailAction;

/**
 * The verdict on one gate of one request.
 *
 * @param text the detail when passed, the reason when failed
 */
public record GateResult(String gateId, String name, GatePhase phase, FailAction failAction, boolean passed,
    String text) {

  /** True when this failure makes the phase fail (every action but WARN). */
  public boolean blocks() {
    return !passed && failAction.blocks();
  }
}
