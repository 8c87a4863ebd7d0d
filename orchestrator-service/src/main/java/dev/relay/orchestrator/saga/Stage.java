package dev.relay.orchestrator.saga;

/** Where a deployment is. The node stages apply to the node at {@link Saga#nodeIndex()}. */
public enum Stage {
  /** Pre-flight gates requested; waiting for GatesEvaluated. */
  PRE_FLIGHT_GATES,
  /** Artifact verification requested; waiting for ArtifactVerified. */
  VERIFYING_ARTIFACT,
  /**
   * Waiting for the cluster to report 100% health with nothing rebalancing, before draining the node at nodeIndex
   * (or, when nodeIndex equals the node count, after the last node).
   */
  AWAITING_HEALTH,
  DRAINING,
  PATCHING,
  REJOINING,
  /** Compensation: putting the node at nodeIndex back on its previous release. */
  ROLLING_BACK,
  /** Compensation: waiting for the cluster to settle after the rollback. */
  AWAITING_HEALTH_AFTER_ROLLBACK,
  /** Post-deploy gates requested; waiting for GatesEvaluated. */
  POST_DEPLOY_GATES,
  SUCCEEDED,
  FAILED,
  ABORTED,
  /** Refused before it started: malformed, unknown cluster, tier, busy cluster. Nothing was touched. */
  REJECTED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == ABORTED || this == REJECTED;
  }

  /** True while a node is out of service (drained, stopped or starting). */
  public boolean nodeOutOfService() {
    return this == DRAINING || this == PATCHING || this == REJOINING || this == ROLLING_BACK;
  }
}
