package dev.relay.gate.service;

import dev.relay.contracts.GatePhase;
import dev.relay.gate.table.FailAction;
import java.util.List;

/**
 * The verdict on a whole phase: every gate's result in table order, and passed only when no blocking gate failed.
 * Decides the reason the orchestrator reads: it starts with {@code "expired: "} when the only blocking failures are
 * DEFER gates that still failed at the deadline; it starts with {@code "blocked by "} when an ABORT or ROLLBACK gate
 * failed (those decide the ending, whatever a DEFER gate did).
 *
 * @param failedGates every failed gate, blocking or WARN (passed tells whether any blocked)
 */
public record GateEvaluation(GatePhase phase, boolean passed, List<GateResult> results, List<String> failedGates,
    String reason) {

  public static final String NO_GATES = "no gates apply";
  public static final String EXPIRED = "expired: ";

  public GateEvaluation {
    results = List.copyOf(results);
    failedGates = List.copyOf(failedGates);
  }

  /** Sums up results: passed unless a blocking gate failed. */
  public static GateEvaluation of(GatePhase phase, List<GateResult> results) {
    if (results.isEmpty()) {
      return new GateEvaluation(phase, true, results, List.of(), NO_GATES);
    }
    List<GateResult> blocking = results.stream().filter(GateResult::blocks).toList();
    List<String> hard = blocking.stream().filter(r -> r.failAction() != FailAction.DEFER)
        .map(r -> r.gateId() + " (" + r.failAction() + ")").toList();
    List<String> deferred = blocking.stream().filter(r -> r.failAction() == FailAction.DEFER)
        .map(r -> r.gateId() + " (DEFER): " + r.text()).toList();
    List<String> warned = results.stream().filter(r -> !r.passed() && !r.blocks()).map(GateResult::gateId).toList();
    List<String> failed = results.stream().filter(r -> !r.passed()).map(GateResult::gateId).toList();
    String reason;
    if (!hard.isEmpty()) {
      reason = "blocked by " + String.join(", ", hard);
      if (!deferred.isEmpty()) {
        reason += "; also deferred: " + String.join("; ", deferred);
      }
    } else if (!deferred.isEmpty()) {
      reason = EXPIRED + String.join("; ", deferred);
    } else {
      reason = (results.size() - warned.size()) + " of " + results.size() + " gates passed";
    }
    if (!warned.isEmpty()) {
      reason += "; WARN failures (not blocking): " + String.join(", ", warned);
    }
    return new GateEvaluation(phase, blocking.isEmpty(), results, failed, reason);
  }
}
