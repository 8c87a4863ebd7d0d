package dev.relay.gate.table;

/** How a gate is judged, decided by the shape of its Script_Command. */
public enum GateKindName {
  /** {@code http:<url>}: an HTTP GET probe. */
  HTTP,
  /** Anything that is neither builtin nor http: an OS command. */
  COMMAND,
  /** {@code builtin:<name> ...}: one of {@link Builtin}. */
  BUILTIN
}
