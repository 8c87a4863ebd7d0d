package dev.relay.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.VerifyArtifact;
import dev.relay.contracts.Fact.*;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Request.DeploymentAbortRequested;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given/expect tests of the Tier 1 saga: no Kafka, no clock, no I/O. */
class RollingUpdateSagaTest {

  static final List<String> THREE = List.of("node-1", "node-2", "node-3");
  static final List<String> FIVE = List.of("node-1", "node-2", "node-3", "node-4", "node-5");
  static final String D = SagaHarness.DIGEST;

  /** Gates pass, artifact verified: the saga is waiting for health before node-1. */
  static SagaHarness readyToRoll(List<String> nodes) {
    return new SagaHarness(nodes)
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""))
        .given(new ArtifactVerified("sandbox-node", "1.1.0", D, 100, "K1"));
  }

  static void rollNode(SagaHarness h, String node) {
    h.given(new RebalanceComplete(100))
        .given(new NodeDrained(node, "1.0.0"))
        .given(new NodePatched(node, "1.1.0", D, false))
        .given(new NodeRejoined(node, "1.1.0"));
  }

  @Test
  void startsWithDeploymentStartedAndPreFlightGates() {
    SagaHarness h = new SagaHarness(THREE);
    assertThat(h.last).hasSize(2);
    assertThat(h.last.get(0)).isEqualTo(new DeploymentStarted("sandbox-node", "1.1.0", 1, "rolling-update", THREE));
    RunGates gates = (RunGates) h.last.get(1);
    assertThat(gates.phase()).isEqualTo(GatePhase.PRE_FLIGHT);
    assertThat(gates.tier()).isEqualTo(1);
    assertThat(h.state.stage()).isEqualTo(Stage.PRE_FLIGHT_GATES);
  }

  @Test
  void happyPathRollsEveryNodeInOrderThenSucceeds() {
    SagaHarness h = new SagaHarness(THREE).given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""));
    assertThat(h.last).containsExactly(new VerifyArtifact("sandbox-node", "1.1.0"));
    h.given(new ArtifactVerified("sandbox-node", "1.1.0", D, 100, "K1"));
    assertThat(h.lastOf(AwaitRebalance.class).beforeNode()).isEqualTo("node-1");
    for (String node : THREE) {
      h.given(new RebalanceComplete(100));
      assertThat(h.lastOf(DrainNode.class).node()).isEqualTo(node);
      h.given(new NodeDrained(node, "1.0.0"));
      PatchNode patch = h.lastOf(PatchNode.class);
      assertThat(patch.node()).isEqualTo(node);
      assertThat(patch.digest()).isEqualTo(D);
      assertThat(patch.version()).isEqualTo("1.1.0");
      h.given(new NodePatched(node, "1.1.0", D, false));
      assertThat(h.lastOf(RejoinNode.class).node()).isEqualTo(node);
      h.given(new NodeRejoined(node, "1.1.0"));
      assertThat(h.state.progressOf(node).status()).isEqualTo("REJOINED");
      assertThat(h.state.progressOf(node).previousVersion()).isEqualTo("1.0.0");
    }
    assertThat(h.lastOf(AwaitRebalance.class).beforeNode()).isNull();
    h.given(new RebalanceComplete(100));
    assertThat(h.lastOf(RunGates.class).phase()).isEqualTo(GatePhase.POST_DEPLOY);
    h.given(new GatesEvaluated(GatePhase.POST_DEPLOY, true, List.of(), "no gates apply"));
    assertThat(h.last).containsExactly(new DeploymentSucceeded("sandbox-node", "1.1.0", THREE));
    assertThat(h.state.stage()).isEqualTo(Stage.SUCCEEDED);
    assertThat(h.state.reason()).contains("all 3 nodes run sandbox-node 1.1.0");
    assertThat(h.sentOf(DrainNode.class)).extracting(DrainNode::node).containsExactlyElementsOf(THREE);
  }

  @Test
  void failedHealthGateAbortsWithNoNodeTouched() {
    SagaHarness h = new SagaHarness(THREE)
        .given(new GateFailed(GatePhase.PRE_FLIGHT, "cluster-health", "ABORT", "80% < 100%"))
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("cluster-health"), "cluster-health: 80% < 100%"));
    DeploymentAborted aborted = h.lastOf(DeploymentAborted.class);
    assertThat(aborted.reason()).contains("pre-flight gates failed").contains("cluster-health").contains("80%");
    assertThat(aborted.untouchedNodes()).isEqualTo(THREE);
    assertThat(h.nodeCommands()).isEmpty();
    assertThat(h.state.stage()).isEqualTo(Stage.ABORTED);
    assertThat(h.state.gates()).anyMatch(g -> g.contains("cluster-health: FAILED"));
  }

  @Test
  void rejectedArtifactAbortsBeforeAnyNode() {
    SagaHarness h = new SagaHarness(THREE)
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""))
        .given(new ArtifactRejected("sandbox-node", "1.1.0", "signature does not verify"));
    assertThat(h.lastOf(DeploymentAborted.class).reason()).contains("rejected: signature does not verify");
    assertThat(h.nodeCommands()).isEmpty();
  }

  @Test
  void anArtifactVerifiedForAnotherVersionIsIgnored() {
    SagaHarness h = new SagaHarness(THREE)
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""))
        .given(new ArtifactVerified("sandbox-node", "7.1.0", D, 100, "K1"));
    assertThat(h.state.stage()).isEqualTo(Stage.VERIFYING_ARTIFACT);
    assertThat(h.nodeCommands()).isEmpty();
  }

  /** Situation: process answers at 5 s, the cluster lists it joined at 90 s, rebalancing ends at 300 s. */
  @Test
  void nextNodeIsNotDrainedBeforeTheClusterFinishesRebalancing() {
    SagaHarness h = readyToRoll(THREE);
    h.given(new RebalanceComplete(100)).given(new NodeDrained("node-1", "1.0.0"))
        .given(new NodePatched("node-1", "1.1.0", D, false));
    h.tickFor(Duration.ofSeconds(90)); // the process answered long ago; the cluster has not listed it yet
    assertThat(h.state.stage()).isEqualTo(Stage.REJOINING);
    h.given(new NodeRejoined("node-1", "1.1.0"));
    h.given(new ClusterHealthObserved(50, List.of("node-1"), List.of()));
    h.tickFor(Duration.ofSeconds(209)); // rebalancing until 300 s
    assertThat(h.sentOf(DrainNode.class)).extracting(DrainNode::node).containsExactly("node-1");
    assertThat(h.state.stage()).isEqualTo(Stage.AWAITING_HEALTH);
    h.given(new RebalanceComplete(100));
    assertThat(h.lastOf(DrainNode.class).node()).isEqualTo("node-2");
  }

  /** Situation: before node 3 the cluster reports 97% with a warning for 20 minutes. */
  @Test
  void degradedClusterBeforeNode3AbortsAtTheDeadlineWithNode3AndLaterUntouched() {
    SagaHarness h = readyToRoll(FIVE);
    rollNode(h, "node-1");
    rollNode(h, "node-2");
    h.given(new ClusterHealthObserved(97, List.of("node-4"), List.of("node-4: disk slow")));
    h.tickFor(Duration.ofMinutes(20));
    DeploymentAborted aborted = h.lastOf(DeploymentAborted.class);
    assertThat(aborted.reason()).contains("before draining node-3").contains("97%").contains("node-4: disk slow");
    assertThat(aborted.untouchedNodes()).containsExactly("node-3", "node-4", "node-5");
    assertThat(h.sentOf(DrainNode.class)).extracting(DrainNode::node).containsExactly("node-1", "node-2");
    assertThat(h.state.stage()).isEqualTo(Stage.ABORTED);
    // it ended at the deadline (15 min + grace), not earlier and not at the end of the 20 minutes
    assertThat(h.state.endedAt()).isBefore(h.now);
  }

  @Test
  void aFailedPatchPutsTheNodeBackAndEndsFailedWithoutTouchingTheNext() {
    SagaHarness h = readyToRoll(THREE);
    h.given(new RebalanceComplete(100)).given(new NodeDrained("node-1", "1.0.0"))
        .given(new NodeCommandFailed("node-1", "PatchNode", "digest mismatch: expected sha256:ab.., received sha256:cd.."));
    assertThat(h.last).contains(new RollbackNode("node-1", "1.0.0", h.lastOf(RollbackNode.class).deadline()));
    h.given(new NodeRolledBack("node-1", "1.0.0"));
    assertThat(h.state.stage()).isEqualTo(Stage.AWAITING_HEALTH_AFTER_ROLLBACK);
    h.given(new RebalanceComplete(100));
    DeploymentFailed failed = h.lastOf(DeploymentFailed.class);
    assertThat(failed.reason()).contains("patch of node-1 failed").contains("digest mismatch")
        .contains("put back on its previous release");
    assertThat(failed.node()).isEqualTo("node-1");
    assertThat(failed.untouchedNodes()).containsExactly("node-2", "node-3");
    assertThat(h.sentOf(DrainNode.class)).hasSize(1);
    assertThat(h.state.progressOf("node-1").status()).isEqualTo("ROLLED_BACK");
  }

  @Test
  void aRejoinThatNeverHappensEndsTheStepAtItsDeadlineAndRollsBack() {
    SagaHarness h = readyToRoll(THREE);
    h.given(new RebalanceComplete(100)).given(new NodeDrained("node-1", "1.0.0"))
        .given(new NodePatched("node-1", "1.1.0", D, false));
    h.tickFor(Duration.ofMinutes(11));
    RollbackNode rollback = h.lastOf(RollbackNode.class);
    assertThat(rollback.node()).isEqualTo("node-1");
    assertThat(rollback.version()).isEqualTo("1.0.0");
    assertThat(h.state.failureReason()).contains("rejoin of node-1 failed").contains("deadline passed");
  }

  @Test
  void aDrainThatFailsUndrainsTheNodeOnItsCurrentRelease() {
    SagaHarness h = readyToRoll(THREE);
    h.given(new RebalanceComplete(100))
        .given(new NodeCommandFailed("node-1", "DrainNode", "deadline passed: 3 requests still in flight"));
    assertThat(h.lastOf(RollbackNode.class).version()).isNull();
    h.given(new NodeRolledBack("node-1", null)).given(new RebalanceComplete(100));
    assertThat(h.lastOf(DeploymentFailed.class).reason()).contains("drain of node-1 failed").contains("in flight");
  }

  @Test
  void everyWaitEndsInATerminalEventEvenIfNoServiceEverAnswers() {
    SagaHarness h = new SagaHarness(THREE);
    h.tickFor(Duration.ofMinutes(3));
    assertThat(h.state.stage()).isEqualTo(Stage.ABORTED);
    assertThat(h.lastOf(DeploymentAborted.class).reason()).contains("deadline passed").contains("RunGates");
    // and a rollback that is never answered ends failed, naming the node
    SagaHarness r = readyToRoll(THREE);
    r.given(new RebalanceComplete(100)).given(new NodeCommandFailed("node-1", "DrainNode", "boom"));
    r.tickFor(Duration.ofMinutes(11));
    assertThat(r.state.stage()).isEqualTo(Stage.FAILED);
    assertThat(r.state.reason()).contains("rollback of node-1 failed too").contains("needs an operator");
  }

  @Test
  void duplicateAndStrayFactsAreIgnored() {
    SagaHarness h = readyToRoll(THREE);
    h.given(new RebalanceComplete(100)).given(new NodeDrained("node-1", "1.0.0"))
        .given(new NodeDrained("node-1", "1.0.0"))
        .given(new NodePatched("node-2", "1.1.0", D, false)) // another node: not expected now
        .given(new NodeRejoined("node-1", "1.1.0")); // too early
    assertThat(h.sentOf(PatchNode.class)).hasSize(1);
    assertThat(h.sentOf(RejoinNode.class)).isEmpty();
    h.given(new NodePatched("node-1", "1.1.0", D, false)).given(new NodePatched("node-1", "1.1.0", D, true));
    assertThat(h.sentOf(RejoinNode.class)).hasSize(1);
  }

  @Test
  void aPendingNodeCommandIsSentAgainUntilAnswered() {
    SagaHarness h = readyToRoll(THREE);
    h.given(new RebalanceComplete(100)).given(new NodeDrained("node-1", "1.0.0"));
    h.tickFor(Duration.ofSeconds(65));
    assertThat(h.sentOf(PatchNode.class)).hasSize(3).allMatch(p -> p.equals(h.sentOf(PatchNode.class).get(0)));
  }

  @Test
  void anAbortRequestStopsAtTheNextSafePoint() {
    SagaHarness h = readyToRoll(THREE);
    h.given(new RebalanceComplete(100)).given(new NodeDrained("node-1", "1.0.0"))
        .given(new DeploymentAbortRequested("change freeze", "alice"));
    assertThat(h.state.stage()).isEqualTo(Stage.PATCHING); // a node mid-step is finished first
    h.given(new NodePatched("node-1", "1.1.0", D, false)).given(new NodeRejoined("node-1", "1.1.0"))
        .given(new RebalanceComplete(100));
    DeploymentAborted aborted = h.lastOf(DeploymentAborted.class);
    assertThat(aborted.reason()).contains("change freeze").contains("alice");
    assertThat(aborted.untouchedNodes()).containsExactly("node-2", "node-3");
    assertThat(h.sentOf(DrainNode.class)).hasSize(1);
  }

  /** Every node rolled to 1.1.0, then the post-deploy chaos gate (fail action ROLLBACK) failed. */
  static SagaHarness rolledThenFailedByARollbackGate() {
    SagaHarness h = readyToRoll(THREE);
    for (String node : THREE) {
      rollNode(h, node);
    }
    return h.given(new RebalanceComplete(100))
        .given(new GateFailed(GatePhase.POST_DEPLOY, "chaos-resilience", "ROLLBACK", "node-2 did not come back"))
        .given(new GatesEvaluated(GatePhase.POST_DEPLOY, false, List.of("chaos-resilience"), ""));
  }

  /** Fail action ROLLBACK after deployment: every node goes back to its previous release, last node first. */
  @Test
  void aPostDeployGateWithRollbackRevertsEveryNodeLastFirstThenEndsFailed() {
    SagaHarness h = rolledThenFailedByARollbackGate();
    int waits = h.sentOf(AwaitRebalance.class).size();
    for (String node : List.of("node-3", "node-2", "node-1")) {
      if (!node.equals("node-3")) {
        // the node put back before rebalances: no drain until the cluster reports 100% (or the settle wait ends)
        assertThat(h.state.stage()).isEqualTo(Stage.REVERT_AWAITING_HEALTH);
        assertThat(h.last).noneMatch(m -> m instanceof DrainNode);
        assertThat(h.lastOf(AwaitRebalance.class).beforeNode()).isEqualTo(node);
        h.given(new RebalanceComplete(97));
        assertThat(h.last).noneMatch(m -> m instanceof DrainNode);
        h.given(new RebalanceComplete(100));
      }
      // the first revert goes at once: the failed release may have left nodes down that only the revert restores
      assertThat(h.lastOf(DrainNode.class).node()).isEqualTo(node);
      h.given(new NodeDrained(node, "1.1.0"));
      RollbackNode back = h.lastOf(RollbackNode.class);
      assertThat(back.node()).isEqualTo(node);
      assertThat(back.version()).isEqualTo("1.0.0");
      h.given(new NodeRolledBack(node, "1.0.0"));
    }
    assertThat(h.sentOf(AwaitRebalance.class)).as("a settle wait before node-2 and node-1, one final wait")
        .hasSize(waits + 3);
    assertThat(h.state.stage()).isEqualTo(Stage.REVERT_AWAITING_HEALTH);
    h.given(new RebalanceComplete(100));
    DeploymentFailed failed = h.lastOf(DeploymentFailed.class);
    assertThat(failed.reason()).contains("chaos-resilience").contains("did not come back")
        .contains("every node was put back on its previous release");
    assertThat(h.state.progress()).allMatch(p -> p.status().equals("REVERTED") && p.version().equals("1.0.0"));
  }

  /** A release that keeps nodes down never lets the cluster reach 100%: past the settle wait the revert goes on. */
  @Test
  void aRevertWhoseClusterDoesNotSettleRevertsTheNextNodeAnywayAndSaysSo() {
    SagaHarness h = rolledThenFailedByARollbackGate()
        .given(new NodeDrained("node-3", "1.1.0"))
        .given(new NodeRolledBack("node-3", "1.0.0"))
        .given(new ClusterHealthObserved(66, List.of("node-2"), List.of()));
    assertThat(h.state.stage()).isEqualTo(Stage.REVERT_AWAITING_HEALTH);
    h.tickFor(SagaPolicy.defaults().revertSettle().plusSeconds(11));
    assertThat(h.lastOf(DrainNode.class).node()).as("reverted anyway after the settle wait").isEqualTo("node-2");
    assertThat(h.state.stage()).isEqualTo(Stage.REVERT_DRAINING);
    h.given(new NodeDrained("node-2", "1.1.0")).given(new NodeRolledBack("node-2", "1.0.0"))
        .given(new RebalanceComplete(100)).given(new NodeDrained("node-1", "1.1.0"))
        .given(new NodeRolledBack("node-1", "1.0.0")).given(new RebalanceComplete(100));
    assertThat(h.lastOf(DeploymentFailed.class).reason()).contains("was not at 100% within PT2M before reverting node-2")
        .contains("66%").contains("reverted anyway").contains("every node was put back on its previous release");
  }

  @Test
  void aPostDeployGateWithWarnOrAbortDoesNotRevert() {
    SagaHarness h = readyToRoll(THREE);
    for (String node : THREE) {
      rollNode(h, node);
    }
    h.given(new RebalanceComplete(100))
        .given(new GateFailed(GatePhase.POST_DEPLOY, "versions", "ABORT", "node-2 runs 1.0.0"))
        .given(new GatesEvaluated(GatePhase.POST_DEPLOY, false, List.of("versions"), ""));
    assertThat(h.state.stage()).isEqualTo(Stage.FAILED);
    assertThat(h.sentOf(RollbackNode.class)).isEmpty();
  }

  @Test
  void aDeferredGateThatExpiresEndsExpiredWithNothingTouched() {
    SagaHarness h = new SagaHarness(THREE)
        .given(new GateFailed(GatePhase.PRE_FLIGHT, "disk-room", "DEFER", "still failing at the deadline: 2% free"))
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("disk-room"), "expired: disk-room"));
    assertThat(h.state.stage()).isEqualTo(Stage.EXPIRED);
    assertThat(h.lastOf(DeploymentExpired.class).reason()).contains("disk-room").contains("nothing was touched");
    assertThat(h.nodeCommands()).isEmpty();
  }

  @Test
  void nothingHappensAfterTheEnd() {
    SagaHarness h = new SagaHarness(THREE)
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("x"), "x"));
    int before = h.sent.size();
    h.given(new ArtifactVerified("sandbox-node", "1.1.0", D, 1, "K")).given(new RebalanceComplete(100));
    h.tickFor(Duration.ofHours(1));
    assertThat(h.sent).hasSize(before);
  }
}
