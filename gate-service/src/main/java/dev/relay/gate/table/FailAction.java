package dev.relay.gate.table;

/** What a failed gate does to the phase: every action except WARN blocks it. */
public enum FailAction {
  ABORT,
  DEFER,
  ROLLBACK,
  WARN;

  /** True when a failure with this action makes GatesEvaluated.passed false. */
  public boolean blocks() {
    return this != WARN;
  }
}
