package dev.relay.contracts;

/** When a gate runs. */
public enum GatePhase {
  PRE_FLIGHT,
  PRE_SWITCH,
  POST_DEPLOY
}
