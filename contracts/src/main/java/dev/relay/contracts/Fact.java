package dev.relay.contracts;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** Everything that happened. Every fact lands on {@link Topics#EVENTS}. */
public sealed interface Fact extends Message {

  /**
   * A deployment's last word: exactly one of these ends every deployment (or refuses it), and nothing about that
   * deployment follows. Dashboards and waiting clients stop at the first one.
   */
  interface Terminal {}

  // ---- deployment lifecycle (orchestrator) ----

  /** The request was refused before anything started; nothing was touched. */
  @JsonTypeName("DeploymentRejected")
  record DeploymentRejected(String reason) implements Fact, Terminal {}

  @JsonTypeName("DeploymentStarted")
  record DeploymentStarted(String artifact, String version, int tier, String strategy, List<String> nodes)
      implements Fact {}

  /** A node step began (the orchestrator sent its command); for dashboards. */
  @JsonTypeName("StepStarted")
  record StepStarted(String step, String node) implements Fact {}

  @JsonTypeName("DeploymentSucceeded")
  record DeploymentSucceeded(String artifact, String version, List<String> nodes) implements Fact, Terminal {}

  /** Failed at a node after it was touched; that node was put back on its previous version where possible. */
  @JsonTypeName("DeploymentFailed")
  record DeploymentFailed(String reason, String node, List<String> untouchedNodes) implements Fact, Terminal {}

  /** Ended before touching (more) nodes: gates, artifact, health or an abort request. */
  @JsonTypeName("DeploymentAborted")
  record DeploymentAborted(String reason, List<String> untouchedNodes) implements Fact, Terminal {}

  /** Tier 2: held back by compliance locks (named); resumes by itself when the last is released. */
  @JsonTypeName("DeploymentDeferred")
  record DeploymentDeferred(List<String> locks, java.time.Instant maxDeferralUntil) implements Fact {}

  @JsonTypeName("DeploymentResumed")
  record DeploymentResumed(String reason) implements Fact {}

  /** Waited past its maximum deferral; nothing was touched. */
  @JsonTypeName("DeploymentExpired")
  record DeploymentExpired(String reason) implements Fact, Terminal {}

  /** Tier 2: traffic went back to blue after the switch; blue serves. */
  @JsonTypeName("DeploymentRolledBack")
  record DeploymentRolledBack(String reason) implements Fact, Terminal {}

  // ---- gates (gate-service) ----

  @JsonTypeName("GatePassed")
  record GatePassed(GatePhase phase, String gateId, String detail) implements Fact {}

  @JsonTypeName("GateFailed")
  record GateFailed(GatePhase phase, String gateId, String failAction, String reason) implements Fact {}

  /** All gates of a phase have been judged. passed is true only when no gate with an ABORT action failed. */
  @JsonTypeName("GatesEvaluated")
  record GatesEvaluated(GatePhase phase, boolean passed, List<String> failedGates, String reason) implements Fact {}

  // ---- artifacts (artifact-service) ----

  @JsonTypeName("ArtifactVerified")
  record ArtifactVerified(String artifact, String version, String digest, long size, String keyId) implements Fact {}

  @JsonTypeName("ArtifactRejected")
  record ArtifactRejected(String artifact, String version, String reason) implements Fact {}

  // ---- nodes (node-adapter) ----

  /**
   * The node takes no new requests and has none in flight; runningVersion is what it ran when drained. The key
   * fingerprints are what the node reported in its /status when drained (null when it did not answer, e.g. a stopped
   * node, or does not report that key): the saga keeps them to check the node after it rejoins.
   */
  @JsonTypeName("NodeDrained")
  record NodeDrained(String node, String runningVersion, String nodeKeyFingerprint, String companyKeyFingerprint)
      implements Fact {
    public NodeDrained(String node, String runningVersion) {
      this(node, runningVersion, null, null);
    }
  }

  /** The node's current release is version/digest; alreadyAtVersion when nothing had to change. */
  @JsonTypeName("NodePatched")
  record NodePatched(String node, String version, String digest, boolean alreadyAtVersion) implements Fact {}

  /**
   * The node runs version and has joined. The key fingerprints are what it reports in its /status once joined (null
   * when it does not report that key).
   */
  @JsonTypeName("NodeRejoined")
  record NodeRejoined(String node, String version, String nodeKeyFingerprint, String companyKeyFingerprint)
      implements Fact {
    public NodeRejoined(String node, String version) {
      this(node, version, null, null);
    }
  }

  /** Every node healthy, none rebalancing. */
  @JsonTypeName("RebalanceComplete")
  record RebalanceComplete(int healthPercent) implements Fact {}

  /** Progress while waiting for the cluster: published when the observed health changes. */
  @JsonTypeName("ClusterHealthObserved")
  record ClusterHealthObserved(int healthPercent, List<String> notHealthy, List<String> warnings) implements Fact {}

  @JsonTypeName("NodeRolledBack")
  record NodeRolledBack(String node, String version) implements Fact {}

  /** A node command could not reach its desired end; command is the logical command name. */
  @JsonTypeName("NodeCommandFailed")
  record NodeCommandFailed(String node, String command, String reason) implements Fact {}

  // ---- Tier 2 (node-adapter) ----

  @JsonTypeName("GroupHealthy")
  record GroupHealthy(String group, int healthPercent) implements Fact {}

  /** Green has caught up with blue: replication lag (in records) is zero. */
  @JsonTypeName("StateSynced")
  record StateSynced(long lag) implements Fact {}

  @JsonTypeName("ReplicationStopped")
  record ReplicationStopped() implements Fact {}

  /** New requests are served only by group {@code to}; switchMillis from the command to the last server drained. */
  @JsonTypeName("TrafficSwitched")
  record TrafficSwitched(String to, long switchMillis) implements Fact {}

  @JsonTypeName("StabilityConfirmed")
  record StabilityConfirmed(String group, long requests, long errors) implements Fact {}

  @JsonTypeName("StabilityBreached")
  record StabilityBreached(String group, String reason) implements Fact {}

  // ---- compliance (compliance-watcher) ----

  @JsonTypeName("ComplianceLockAcquired")
  record ComplianceLockAcquired(String lockId, String kind, String scope) implements Fact {}

  @JsonTypeName("ComplianceLockReleased")
  record ComplianceLockReleased(String lockId, String kind, String scope, String releasedBy) implements Fact {}

  /** A held lock whose heartbeats stopped: an alert. It stays held until its END or an operator's override. */
  @JsonTypeName("ComplianceLockStale")
  record ComplianceLockStale(String lockId, String kind, String scope, java.time.Instant lastSignalAt)
      implements Fact {}
}
