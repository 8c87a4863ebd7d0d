package dev.relay.gate.kind;

/**
 * Judges one kind of gate. Implementations fail closed: an error, a timeout or an answer they cannot read is a
 * failed gate with the reason, never a pass and never an exception.
 */
public interface GateKind {
  GateOutcome judge(GateCall call);
}
