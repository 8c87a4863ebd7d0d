package dev.relay.gate.table;

/** How a gate is judged, decided by the shape of its Script_Command. */
public enum GateKindName {
  /** {@code builtin:cluster-health {cluster}}: node-adapter's health figure against the threshold. */
  CLUSTER_HEALTH,
  /** {@code builtin:artifact-signature {artifact} {version}}: artifact-service verifies the signature. */
  ARTIFACT_SIGNATURE,
  /** {@code http:<url>}: an HTTP GET probe. */
  HTTP,
  /** Anything else: an OS command. */
  COMMAND
}
