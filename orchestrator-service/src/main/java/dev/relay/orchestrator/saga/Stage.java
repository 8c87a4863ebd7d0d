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
  // ---- Tier 2 (blue-green); green node steps reuse DRAINING, PATCHING, REJOINING ----
  /** Held back by compliance locks before anything ran; resumes by itself when the last is released. */
  DEFERRED,
  /** Green is ready but a compliance lock appeared: held at the safe point before the switch. */
  HELD_BEFORE_SWITCH,
  SYNCING_STATE,
  AWAITING_GREEN_HEALTHY,
  PRE_SWITCH_GATES,
  SWITCHING,
  /** Traffic is on green; watching the stability window. */
  MONITORING,
  /** Stable: stopping replication before the end. */
  FINALIZING,
  /** Traffic going back to blue after a breach or a failed switch. */
  SWITCHING_BACK,
  /** Traffic is back on blue; stopping replication, then rolled back. */
  STOPPING_REPLICATION,
  /** A failure before the switch: green is cleaned up (replication stopped); blue was never touched. */
  CLEANING_UP,
  // ---- Tier 1 revert after a post-deploy gate with fail action ROLLBACK: last node first ----
  /** Waiting for 100% health before reverting the node at nodeIndex (or, at -1, after the first node). */
  REVERT_AWAITING_HEALTH,
  REVERT_DRAINING,
  /** RollbackNode sent: the node goes back to its previous release. */
  REVERTING,
  /** Post-deploy gates requested; waiting for GatesEvaluated. */
  POST_DEPLOY_GATES,
  SUCCEEDED,
  FAILED,
  ABORTED,
  /** Tier 2: traffic went back to blue after the switch. */
  ROLLED_BACK,
  /** Tier 2: deferred past its maximum; nothing was touched. */
  EXPIRED,
  /** Refused before it started: malformed, unknown cluster, tier, busy cluster. Nothing was touched. */
  REJECTED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == ABORTED || this == REJECTED || this == ROLLED_BACK
        || this == EXPIRED;
  }

  /** True while a node is out of service (drained, stopped or starting). */
  public boolean nodeOutOfService() {
    return this == DRAINING || this == PATCHING || this == REJOINING || this == ROLLING_BACK
        || this == REVERT_DRAINING || this == REVERTING;
  }
}
