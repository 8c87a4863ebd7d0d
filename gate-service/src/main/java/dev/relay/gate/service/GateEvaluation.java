package dev.relay.gate.service;

import dev.relay.contracts.GatePhase;
import java.util.List;

/**
 * The verdict on a whole phase: every gate's result in table order, and passed only when no blocking gate failed.
 *
 * @param failedGates every failed gate, blocking or WARN (passed tells whether any blocked)
 */
public record GateEvaluation(GatePhase phase, boolean passed, List<GateResult> results, List<String> failedGates,
    String reason) {

  public static final String NO_GATES = "no gates apply";

  public GateEvaluation {
    results = List.copyOf(results);
    failedGates = List.copyOf(failedGates);
  }

  /** Sums up results: passed unless a blocking gate failed. */
  public static GateEvaluation of(GatePhase phase, List<GateResult> results) {
    if (results.isEmpty()) {
      return new GateEvaluation(phase, true, results, List.of(), NO_GATES);
    }
    List<String> blocking = results.stream().filter(GateResult::blocks)
        .map(r -> r.gateId() + " (" + r.failAction() + ")").toList();
    List<String> warned = results.stream().filter(r -> !r.passed() && !r.blocks()).map(GateResult::gateId).toList();
    List<String> failed = results.stream().filter(r -> !r.passed()).map(GateResult::gateId).toList();
    String reason;
    if (!blocking.isEmpty()) {
      reason = "blocked by " + String.join(", ", blocking);
    } else {
      reason = (results.size() - warned.size()) + " of " + results.size() + " gates passed";
    }
    if (!warned.isEmpty()) {
      reason += "; WARN failures (not blocking): " + String.join(", ", warned);
    }
    return new GateEvaluation(phase, blocking.isEmpty(), results, failed, reason);
  }
}
