package dev.relay.gate.kind;

/** The verdict on one gate: passed, and the detail (when passed) or the reason (when failed). */
public record GateOutcome(boolean passed, String text) {

  public static GateOutcome pass(String detail) {
    return new GateOutcome(true, detail);
  }

  public static GateOutcome fail(String reason) {
    return new GateOutcome(false, reason);
  }
}
