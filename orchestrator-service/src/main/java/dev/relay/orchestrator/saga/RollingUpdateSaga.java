package dev.relay.orchestrator.saga;

import dev.relay.contracts.Command;
import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.NodeCommand;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.VerifyArtifact;
import dev.relay.contracts.Fact.ArtifactRejected;
import dev.relay.contracts.Fact.ArtifactVerified;
import dev.relay.contracts.Fact.ClusterHealthObserved;
import dev.relay.contracts.Fact.DeploymentAborted;
import dev.relay.contracts.Fact.DeploymentExpired;
import dev.relay.contracts.Fact.DeploymentFailed;
import dev.relay.contracts.Fact.DeploymentStarted;
import dev.relay.contracts.Fact.DeploymentSucceeded;
import dev.relay.contracts.Fact.GateFailed;
import dev.relay.contracts.Fact.GatePassed;
import dev.relay.contracts.Fact.GatesEvaluated;
import dev.relay.contracts.Fact.NodeCommandFailed;
import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.contracts.Fact.NodePatched;
import dev.relay.contracts.Fact.NodeRejoined;
import dev.relay.contracts.Fact.NodeRolledBack;
import dev.relay.contracts.Fact.RebalanceComplete;
import dev.relay.contracts.Fact.StepStarted;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Message;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Request.DeploymentAbortRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tier 1, the rolling update, as a pure function: {@code (state, input, now) -> (new state, messages)}. No Kafka, no
 * clock, no I/O. Per node: await 100% health -> drain -> patch -> rejoin; after the last node await health again,
 * then post-deploy gates, then succeeded.
 *
 * <p>Key persistence: the node and company key fingerprints a node reports when drained must be the same when it
 * rejoins; a changed or missing key halts the rollout at once, puts that node back on its previous release and ends
 * FAILED with the reason (no further node is touched).
 *
 * <p>Failure before any node is touched ends ABORTED. A node step that fails puts that node back on its previous
 * release (compensation), lets the cluster settle, and ends FAILED; no further node is touched. A health wait that
 * passes its deadline ends ABORTED without touching anything more: rolling back a node while the cluster is degraded
 * would itself touch the cluster in a degraded state.
 */
public final class RollingUpdateSaga {

  private final SagaPolicy policy;

  public RollingUpdateSaga(SagaPolicy policy) {
    this.policy = policy;
  }

  public SagaPolicy policy() {
    return policy;
  }

  /** Starts an accepted deployment: DeploymentStarted, then the pre-flight gates. */
  public Transition start(
      String deploymentId, String clusterId, String artifact, String version, int tier, String strategy,
      List<String> nodes, Instant now) {
    List<NodeProgress> progress = nodes.stream().map(NodeProgress::pending).toList();
    Saga s = new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, Stage.PRE_FLIGHT_GATES, 0,
        null, progress, null, null, null, List.of(), null, null, null, null, List.of(), null, null, now, now, null);
    RunGates gates = new RunGates(GatePhase.PRE_FLIGHT, tier, artifact, version, now.plus(policy.gates()));
    List<Message> out = new ArrayList<>();
    out.add(new DeploymentStarted(artifact, version, tier, strategy, nodes));
    return await(s, Stage.PRE_FLIGHT_GATES, 0, gates, policy.gates(), now, out);
  }

  /**
   * The last resort of the Kafka shell for a saga its own transition cannot move (an internal error past the step's
   * deadline): FAILED with the reason, whichever tier, so the deployment ends and its cluster is free again.
   */
  public static Transition endedByInternalError(Saga s, String reason, Instant now) {
    return new Transition(s.ended(Stage.FAILED, reason, now), List.of(new DeploymentFailed(reason, null, List.of())));
  }

  /** The record of a request refused before it started, for the deployment view. */
  public static Saga rejected(String deploymentId, String clusterId, String artifact, String version, String reason,
      Instant now) {
    return new Saga(deploymentId, clusterId, artifact, version, 0, null, List.of(), Stage.REJECTED, 0, null,
        List.of(), null, null, null, List.of(), null, null, null, reason, List.of(), null, null, now, now, now);
  }

  /** Applies a fact or request about this deployment. Anything that does not fit the current stage is ignored. */
  public Transition on(Saga s, Message input, Instant now) {
    if (s.terminal()) {
      return Transition.unchanged(s);
    }
    Transition t = dispatch(s, input, now);
    return t.state() == s ? t : new Transition(t.state().updated(now), t.out());
  }

  private Transition dispatch(Saga s, Message input, Instant now) {
    Stage stage = s.stage();
    String node = s.currentNode();
    if (input instanceof GatePassed g && g.phase() != null && g.phase() == phaseOf(stage)) {
      return Transition.unchanged(s.withGate(g.phase() + " " + g.gateId() + ": PASSED " + nz(g.detail())));
    }
    if (input instanceof GateFailed g && g.phase() != null && g.phase() == phaseOf(stage)) {
      return Transition.unchanged(
          s.withGate(g.phase() + " " + g.gateId() + ": FAILED (" + g.failAction() + ") " + nz(g.reason())));
    }
    if (input instanceof GatesEvaluated g && g.phase() != null && g.phase() == phaseOf(stage)) {
      return onGates(s, g, now);
    }
    if (input instanceof ArtifactVerified a && stage == Stage.VERIFYING_ARTIFACT && matches(s, a.artifact(), a.version())
        && !Inputs.validDigest(a.digest())) {
      return abort(s, "artifact " + s.artifact() + " " + s.version() + " was reported verified without a SHA-256 digest"
          + " ('" + a.digest() + "'): nothing can be patched with bytes that are not pinned", 0, now);
    }
    if (input instanceof ArtifactVerified a && stage == Stage.VERIFYING_ARTIFACT && matches(s, a.artifact(), a.version())) {
      return awaitHealth(s.withDigest(a.digest()), 0, now);
    }
    if (input instanceof ArtifactRejected a && stage == Stage.VERIFYING_ARTIFACT && matches(s, a.artifact(), a.version())) {
      return abort(s, "artifact " + s.artifact() + " " + s.version() + " rejected: " + a.reason(), 0, now);
    }
    if (input instanceof ClusterHealthObserved h && waitingForHealth(s)) {
      return Transition.unchanged(s.withLastHealth(describe(h)));
    }
    if (input instanceof RebalanceComplete r && r.healthPercent() < 100 && waitingForHealth(s)) {
      // complete means 100%: anything less keeps the saga waiting until its deadline
      return Transition.unchanged(s.withLastHealth(r.healthPercent() + "% (reported as rebalance complete)"));
    }
    if (input instanceof RebalanceComplete && stage == Stage.AWAITING_HEALTH) {
      return onHealthy(s, now);
    }
    if (input instanceof RebalanceComplete && stage == Stage.AWAITING_HEALTH_AFTER_ROLLBACK) {
      return fail(s, s.failureReason() + "; " + node + " was put back on its previous release", now);
    }
    if (input instanceof NodeDrained d && stage == Stage.DRAINING && Inputs.sameNode(node, d.node())) {
      Saga drained = s.withProgress(s.progressOf(node).drained(d.runningVersion(), d.nodeKeyFingerprint(),
          d.companyKeyFingerprint()));
      PatchNode patch = new PatchNode(node, s.artifact(), s.version(), s.digest(), now.plus(policy.patch()));
      return nodeStep(drained, Stage.PATCHING, "PATCHING", patch, policy.patch(), now);
    }
    if (input instanceof NodePatched p && stage == Stage.PATCHING && Inputs.sameNode(node, p.node())
        && s.version().equals(p.version()) && s.digest() != null && s.digest().equals(p.digest())) {
      Saga patched = s.withProgress(s.progressOf(node).at("PATCHED", p.version()));
      RejoinNode rejoin = new RejoinNode(node, s.version(), now.plus(policy.rejoin()));
      return nodeStep(patched, Stage.REJOINING, "REJOINING", rejoin, policy.rejoin(), now);
    }
    if (input instanceof NodeRejoined r && stage == Stage.REJOINING && Inputs.sameNode(node, r.node())
        && s.version().equals(r.version())) {
      String keys = keyChange(s.progressOf(node), r);
      if (keys != null) {
        Saga rejoined = s.withProgress(s.progressOf(node).at("REJOINED", r.version()));
        return compensate(rejoined, keys, s.progressOf(node).previousVersion(), now);
      }
      return awaitHealth(s.withProgress(s.progressOf(node).at("REJOINED", r.version())), s.nodeIndex() + 1, now);
    }
    if (input instanceof NodeRolledBack r && stage == Stage.ROLLING_BACK && Inputs.sameNode(node, r.node())) {
      NodeProgress p = s.progressOf(node);
      Saga back = s.withProgress(p.at("ROLLED_BACK", r.version() != null ? r.version() : p.version()));
      AwaitRebalance wait = new AwaitRebalance(null, now.plus(policy.rebalance()));
      return await(back, Stage.AWAITING_HEALTH_AFTER_ROLLBACK, s.nodeIndex(), wait, policy.rebalance(), now,
          List.of(new StepStarted("await-rebalance", null)));
    }
    if (input instanceof RebalanceComplete && stage == Stage.REVERT_AWAITING_HEALTH) {
      if (s.nodeIndex() < 0) {
        return endReverted(s, s.failureReason() + "; every node was put back on its previous release", now);
      }
      Saga marked = s.withProgress(s.progressOf(node).status("REVERTING"));
      return await(marked, Stage.REVERT_DRAINING, s.nodeIndex(), new DrainNode(node, now.plus(policy.drain())),
          policy.drain(), now, List.of(new StepStarted("revert-draining", node)));
    }
    if (input instanceof NodeDrained d && stage == Stage.REVERT_DRAINING && Inputs.sameNode(node, d.node())) {
      RollbackNode back = new RollbackNode(node, s.progressOf(node).previousVersion(), now.plus(policy.rollback()));
      return await(s, Stage.REVERTING, s.nodeIndex(), back, policy.rollback(), now,
          List.of(new StepStarted("reverting", node)));
    }
    if (input instanceof NodeRolledBack r && stage == Stage.REVERTING && Inputs.sameNode(node, r.node())) {
      NodeProgress p = s.progressOf(node);
      Saga back = s.withProgress(p.at("REVERTED", r.version() != null ? r.version() : p.previousVersion()));
      return s.nodeIndex() - 1 >= 0 ? settleBeforeReverting(back, s.nodeIndex() - 1, now) : revert(back, -1, now);
    }
    if (input instanceof NodeCommandFailed f && answersPending(s, f)) {
      return onStepFailed(s, f.command() + " failed: " + f.reason(), now);
    }
    if (input instanceof DeploymentAbortRequested a) {
      return onAbortRequested(s, a, now);
    }
    return Transition.unchanged(s);
  }

  /** Time passes: a wait past its deadline ends its step; a pending node command is sent again when due. */
  public Transition tick(Saga s, Instant now) {
    if (s.terminal() || s.deadline() == null) {
      return Transition.unchanged(s);
    }
    if (!now.isBefore(s.deadline())) {
      return timedOut(s, now);
    }
    if (s.pending() instanceof NodeCommand && s.resendAt() != null && !now.isBefore(s.resendAt())) {
      Saga again = s.waitingOn(s.pending(), s.deadline(), now.plus(policy.resendInterval()));
      return new Transition(again, List.of(s.pending()));
    }
    return Transition.unchanged(s);
  }

  // ---- stage handlers ----

  private Transition onGates(Saga s, GatesEvaluated g, Instant now) {
    if (s.stage() == Stage.PRE_FLIGHT_GATES) {
      if (!g.passed() && g.reason() != null && g.reason().startsWith("expired:")) {
        return expire(s, "pre-flight gates deferred past their deadline: " + failedGates(s, g), now);
      }
      if (!g.passed()) {
        return abort(s, "pre-flight gates failed: " + failedGates(s, g), 0, now);
      }
      if (s.abortRequested() != null) {
        return abort(s, "abort requested: " + s.abortRequested(), 0, now);
      }
      VerifyArtifact verify = new VerifyArtifact(s.artifact(), s.version());
      return await(s, Stage.VERIFYING_ARTIFACT, 0, verify, policy.verify(), now, List.of());
    }
    if (!g.passed() && s.gates().stream().anyMatch(r -> r.startsWith("POST_DEPLOY ") && r.contains("(ROLLBACK)"))) {
      return revert(s.withFailureReason("post-deploy gates failed: " + failedGates(s, g)), s.nodes().size() - 1, now);
    }
    if (!g.passed()) {
      return fail(s.with(Stage.POST_DEPLOY_GATES, s.nodes().size()), "post-deploy gates failed: " + failedGates(s, g),
          now);
    }
    return succeed(s, now);
  }

  private Transition onHealthy(Saga s, Instant now) {
    int i = s.nodeIndex();
    // an abort stops the rollout before the next node; after the last one there is nothing left to stop, and every
    // node runs the release: the post-deploy gates (and their ROLLBACK) still judge it
    if (s.abortRequested() != null && i < s.nodes().size()) {
      return abort(s, "abort requested: " + s.abortRequested(), i, now);
    }
    if (i < s.nodes().size()) {
      String node = s.nodes().get(i);
      DrainNode drain = new DrainNode(node, now.plus(policy.drain()));
      return nodeStep(s.with(Stage.DRAINING, i), Stage.DRAINING, "DRAINING", drain, policy.drain(), now);
    }
    RunGates post = new RunGates(GatePhase.POST_DEPLOY, s.tier(), s.artifact(), s.version(), now.plus(policy.gates()));
    return await(s, Stage.POST_DEPLOY_GATES, i, post, policy.gates(), now, List.of());
  }

  private Transition onStepFailed(Saga s, String reason, Instant now) {
    int i = s.nodeIndex();
    String node = s.currentNode();
    return switch (s.stage()) {
      case PRE_FLIGHT_GATES -> abort(s, "pre-flight gates: " + reason, 0, now);
      case VERIFYING_ARTIFACT -> abort(s, "artifact verification: " + reason, 0, now);
      case AWAITING_HEALTH -> i < s.nodes().size()
          ? abort(s, "cluster did not reach 100% health before draining " + s.nodes().get(i) + ": " + reason
              + lastHealth(s), i, now)
          : fail(s, "cluster did not return to 100% health after the last node: " + reason + lastHealth(s), now);
      case DRAINING -> compensate(s, "drain of " + node + " failed: " + reason, null, now);
      case PATCHING -> compensate(s, "patch of " + node + " failed: " + reason, s.progressOf(node).previousVersion(), now);
      case REJOINING -> compensate(s, "rejoin of " + node + " failed: " + reason, s.progressOf(node).previousVersion(), now);
      case ROLLING_BACK -> fail(s, s.failureReason() + "; rollback of " + node + " failed too: " + reason
          + "; the node needs an operator", now);
      case AWAITING_HEALTH_AFTER_ROLLBACK -> fail(s, s.failureReason() + "; " + node + " was put back on its previous"
          + " release but the cluster did not return to 100% health: " + reason + lastHealth(s), now);
      case POST_DEPLOY_GATES -> fail(s, "post-deploy gates: " + reason, now);
      case REVERT_AWAITING_HEALTH -> i >= 0
          // the settle wait before the next revert ran out: revert it anyway, the release may keep nodes down
          ? revert(s.withFailureReason(s.failureReason() + "; the cluster was not at 100% within "
              + policy.revertSettle() + " before reverting " + node + " (" + reason + lastHealth(s) + "), so it was"
              + " reverted anyway"), i, now)
          : endReverted(s, s.failureReason() + "; the revert stopped: " + reason + lastHealth(s)
              + "; nodes not reverted need an operator", now);
      case REVERT_DRAINING, REVERTING -> endReverted(s, s.failureReason()
          + "; the revert stopped" + (node == null ? "" : " at " + node) + ": " + reason + lastHealth(s)
          + "; nodes not reverted need an operator", now);
      default -> Transition.unchanged(s);
    };
  }

  private Transition onAbortRequested(Saga s, DeploymentAbortRequested a, Instant now) {
    String why = nz(a.reason()) + (a.requestedBy() == null ? "" : " (by " + a.requestedBy() + ")");
    return switch (s.stage()) {
      case PRE_FLIGHT_GATES, VERIFYING_ARTIFACT -> abort(s, "abort requested: " + why, 0, now);
      case AWAITING_HEALTH -> s.nodeIndex() < s.nodes().size()
          ? abort(s, "abort requested: " + why, s.nodeIndex(), now)
          : Transition.unchanged(s.withAbortRequested(why));
      default -> Transition.unchanged(s.withAbortRequested(why));
    };
  }

  private Transition timedOut(Saga s, Instant now) {
    Duration waited = switch (s.stage()) {
      case PRE_FLIGHT_GATES, POST_DEPLOY_GATES -> policy.gates();
      case VERIFYING_ARTIFACT -> policy.verify();
      case AWAITING_HEALTH, AWAITING_HEALTH_AFTER_ROLLBACK -> policy.rebalance();
      case REVERT_AWAITING_HEALTH -> s.nodeIndex() >= 0 ? policy.revertSettle() : policy.rebalance();
      case REVERT_DRAINING -> policy.drain();
      case REVERTING -> policy.rollback();
      case DRAINING -> policy.drain();
      case PATCHING -> policy.patch();
      case REJOINING -> policy.rejoin();
      case ROLLING_BACK -> policy.rollback();
      default -> Duration.ZERO;
    };
    String expected = s.pending() == null ? "an answer" : "an answer to " + Messages.typeName(s.pending().getClass())
        + (s.currentNode() == null || s.stage() == Stage.AWAITING_HEALTH ? "" : " for " + s.currentNode());
    return onStepFailed(s, "deadline passed: no " + expected + " within " + waited, now);
  }

  // ---- building blocks ----

  private Transition awaitHealth(Saga s, int index, Instant now) {
    String before = index < s.nodes().size() ? s.nodes().get(index) : null;
    AwaitRebalance wait = new AwaitRebalance(before, now.plus(policy.rebalance()));
    return await(s.withLastHealth(null), Stage.AWAITING_HEALTH, index, wait, policy.rebalance(), now,
        List.of(new StepStarted("await-rebalance", before)));
  }

  private Transition nodeStep(Saga s, Stage stage, String status, NodeCommand command, Duration wait, Instant now) {
    String node = s.nodes().get(s.nodeIndex());
    Saga marked = s.withProgress(s.progressOf(node).status(status));
    return await(marked, stage, s.nodeIndex(), command, wait, now,
        List.of(new StepStarted(stage.name().toLowerCase().replace('_', '-'), node)));
  }

  private Transition await(Saga s, Stage stage, int index, Command command, Duration wait, Instant now,
      List<Message> before) {
    Saga next = s.with(stage, index)
        .waitingOn(command, now.plus(wait).plus(policy.graceAfterDeadline()), now.plus(policy.resendInterval()));
    List<Message> out = new ArrayList<>(before);
    out.add(command);
    return new Transition(next, out);
  }

  private Transition compensate(Saga s, String reason, String previousVersion, Instant now) {
    String node = s.currentNode();
    Saga marked = s.withFailureReason(reason).withProgress(s.progressOf(node).status("ROLLING_BACK"));
    RollbackNode rollback = new RollbackNode(node, previousVersion, now.plus(policy.rollback()));
    return await(marked, Stage.ROLLING_BACK, s.nodeIndex(), rollback, policy.rollback(), now,
        List.of(new StepStarted("rolling-back", node)));
  }

  /**
   * Before reverting node {@code index}: wait for 100% (the node just put back rebalances), but only for
   * {@link SagaPolicy#revertSettle()}: the release being reverted may keep nodes down that only the revert brings
   * back, and such a cluster would never reach 100% (then the next node is reverted anyway, with the reason noted).
   */
  private Transition settleBeforeReverting(Saga s, int index, Instant now) {
    String next = s.nodes().get(index);
    AwaitRebalance wait = new AwaitRebalance(next, now.plus(policy.revertSettle()));
    return await(s.withLastHealth(null), Stage.REVERT_AWAITING_HEALTH, index, wait, policy.revertSettle(), now,
        List.of(new StepStarted("revert-settle", next)));
  }

  /**
   * Reverts node {@code index} next (last node first). The first revert goes at once: a failed post-deploy gate may
   * mean the new release left nodes down (chaos-resilience). Later ones follow {@link #settleBeforeReverting}. One
   * node at a time is still the rule: each RollbackNode ends only when that node serves and has joined again. At -1,
   * the final wait for 100% before the deployment ends.
   */
  private Transition revert(Saga s, int index, Instant now) {
    if (index >= 0) {
      String node = s.nodes().get(index);
      Saga marked = s.with(Stage.REVERT_DRAINING, index).withProgress(s.progressOf(node).status("REVERTING"));
      return await(marked, Stage.REVERT_DRAINING, index, new DrainNode(node, now.plus(policy.drain())),
          policy.drain(), now, List.of(new StepStarted("revert-draining", node)));
    }
    String before = null;
    AwaitRebalance wait = new AwaitRebalance(before, now.plus(policy.rebalance()));
    return await(s.withLastHealth(null), Stage.REVERT_AWAITING_HEALTH, index, wait, policy.rebalance(), now,
        List.of(new StepStarted("revert-await-rebalance", before)));
  }

  private Transition endReverted(Saga s, String reason, Instant now) {
    return new Transition(s.ended(Stage.FAILED, reason, now), List.of(new DeploymentFailed(reason, null, List.of())));
  }

  private Transition expire(Saga s, String reason, Instant now) {
    Saga ended = s;
    for (String n : s.nodes()) {
      ended = ended.withProgress(ended.progressOf(n).status("UNTOUCHED"));
    }
    String why = reason + "; nothing was touched";
    return new Transition(ended.ended(Stage.EXPIRED, why, now), List.of(new DeploymentExpired(why)));
  }

  private Transition abort(Saga s, String reason, int fromIndex, Instant now) {
    List<String> untouched = s.nodesFrom(fromIndex);
    Saga ended = s;
    for (String n : untouched) {
      ended = ended.withProgress(ended.progressOf(n).status("UNTOUCHED"));
    }
    return new Transition(ended.ended(Stage.ABORTED, reason, now), List.of(new DeploymentAborted(reason, untouched)));
  }

  private Transition fail(Saga s, String reason, Instant now) {
    List<String> untouched = s.nodesFrom(s.nodeIndex() + 1);
    Saga ended = s;
    for (String n : untouched) {
      ended = ended.withProgress(ended.progressOf(n).status("UNTOUCHED"));
    }
    String node = s.nodeIndex() < s.nodes().size() ? s.currentNode() : null;
    return new Transition(ended.ended(Stage.FAILED, reason, now), List.of(new DeploymentFailed(reason, node, untouched)));
  }

  private Transition succeed(Saga s, Instant now) {
    String reason = "all " + s.nodes().size() + " nodes run " + s.artifact() + " " + s.version()
        + (s.abortRequested() == null ? "" : "; the abort requested after the last node (" + s.abortRequested()
            + ") found nothing left to stop, and the post-deploy gates passed");
    return new Transition(s.ended(Stage.SUCCEEDED, reason, now),
        List.of(new DeploymentSucceeded(s.artifact(), s.version(), s.nodes())));
  }

  // ---- small helpers ----

  /**
   * Key persistence: every key fingerprint the node reported when drained must be reported unchanged after it
   * rejoins. Null when that holds; else the reason, naming the node and each changed or missing key. A key the node
   * did not report when drained has nothing to compare (the pre-flight key-persistence gate requires every node to
   * report both keys before anything starts).
   */
  static String keyChange(NodeProgress before, NodeRejoined after) {
    List<String> problems = new ArrayList<>();
    compareKey("node key", before.nodeKeyFingerprint(), after.nodeKeyFingerprint(), problems);
    compareKey("company key", before.companyKeyFingerprint(), after.companyKeyFingerprint(), problems);
    if (problems.isEmpty()) {
      return null;
    }
    return "key persistence: " + before.node() + " rejoined on " + after.version() + " with " + String.join(" and ",
        problems) + "; the release must not touch the key store";
  }

  private static void compareKey(String what, String before, String after, List<String> problems) {
    if (before == null) {
      return;
    }
    if (after == null || after.isBlank()) {
      problems.add("its " + what + " missing (was " + before + ")");
    } else if (!after.equalsIgnoreCase(before)) {
      problems.add("its " + what + " changed from " + before + " to " + after);
    }
  }

  private static GatePhase phaseOf(Stage stage) {
    return switch (stage) {
      case PRE_FLIGHT_GATES -> GatePhase.PRE_FLIGHT;
      case POST_DEPLOY_GATES -> GatePhase.POST_DEPLOY;
      default -> null;
    };
  }

  private static boolean waitingForHealth(Saga s) {
    return s.stage() == Stage.AWAITING_HEALTH || s.stage() == Stage.AWAITING_HEALTH_AFTER_ROLLBACK
        || s.stage() == Stage.REVERT_AWAITING_HEALTH;
  }

  /** A failure answers the pending command when it names the same command and, for node steps, the same node. */
  private static boolean answersPending(Saga s, NodeCommandFailed f) {
    if (!(s.pending() instanceof NodeCommand pending)) {
      return false;
    }
    if (!Messages.typeName(pending.getClass()).equals(f.command())) {
      return false;
    }
    return pending instanceof AwaitRebalance || s.currentNode() == null || s.currentNode().equals(f.node());
  }

  private static boolean matches(Saga s, String artifact, String version) {
    return s.artifact().equals(artifact) && s.version().equals(version);
  }

  /** The failed gates with their own reasons where the saga has them, else the verdict's summary. */
  private static String failedGates(Saga s, GatesEvaluated g) {
    String prefix = g.phase() + " ";
    List<String> details = s.gates().stream().filter(r -> r.startsWith(prefix) && r.contains(": FAILED"))
        .map(r -> r.substring(prefix.length())).toList();
    if (!details.isEmpty()) {
      return String.join("; ", details);
    }
    String reason = g.reason() == null || g.reason().isBlank() ? "" : ": " + g.reason();
    return (g.failedGates() == null ? "[]" : String.join(", ", g.failedGates())) + reason;
  }

  private static String describe(ClusterHealthObserved h) {
    StringBuilder sb = new StringBuilder(h.healthPercent() + "%");
    if (h.notHealthy() != null && !h.notHealthy().isEmpty()) {
      sb.append(", not healthy: ").append(String.join(", ", h.notHealthy()));
    }
    if (h.warnings() != null && !h.warnings().isEmpty()) {
      sb.append(", warnings: ").append(String.join("; ", h.warnings()));
    }
    return sb.toString();
  }

  private static String lastHealth(Saga s) {
    return s.lastHealth() == null ? "" : " (last observed: " + s.lastHealth() + ")";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
