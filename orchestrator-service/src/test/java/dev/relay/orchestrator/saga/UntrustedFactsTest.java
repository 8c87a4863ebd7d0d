package dev.relay.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.*;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Message;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Request.DeploymentAbortRequested;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Facts the sagas must not trust blindly: a verdict without a phase, a fact naming no node, a "rebalance complete"
 * below 100%, a verification without a digest, and an abort that comes when nothing is left to stop. Each once moved
 * a deployment (or threw inside the transition); found by review.
 */
class UntrustedFactsTest {

  static final List<String> THREE = List.of("node-1", "node-2", "node-3");
  static final String D = SagaHarness.DIGEST;

  /** A GatesEvaluated whose phase is missing, exactly as it reads off the wire. */
  static Message phaselessVerdict(boolean passed) {
    String json = "{\"eventId\":\"e-1\",\"schemaVersion\":1,\"deploymentId\":\"d-1\",\"clusterId\":\"c1\","
        + "\"time\":\"2026-12-03T10:06:00Z\",\"payload\":{\"type\":\"GatesEvaluated\",\"passed\":" + passed
        + ",\"failedGates\":[],\"reason\":\"\"}}";
    Envelope e = Messages.read(json);
    assertThat(((GatesEvaluated) e.payload()).phase()).isNull();
    return e.payload();
  }

  static SagaHarness draining() {
    SagaHarness h = RollingUpdateSagaTest.readyToRoll(THREE).given(new RebalanceComplete(100));
    assertThat(h.state.stage()).isEqualTo(Stage.DRAINING);
    return h;
  }

  @Test
  void tier1_aPhaselessVerdictDuringADrainDoesNotEndTheDeployment() {
    SagaHarness h = draining().given(phaselessVerdict(true));
    assertThat(h.sentOf(DeploymentSucceeded.class)).as("succeeded while node-1 is draining").isEmpty();
    assertThat(h.state.stage()).isEqualTo(Stage.DRAINING);
  }

  @Test
  void tier1_aFailedPhaselessVerdictDuringADrainDoesNotFailWithoutRollback() {
    SagaHarness h = draining().given(phaselessVerdict(false));
    assertThat(h.state.stage()).isEqualTo(Stage.DRAINING);
  }

  @Test
  void tier2_aPhaselessVerdictWhileGreenIsPatchedDoesNotSwitchTraffic() {
    BlueGreenSagaTest.H h = new BlueGreenSagaTest.H(SagaHarness.T0, List.of())
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""))
        .given(new ArtifactVerified("sandbox-node", "1.1.0", D, 1, "K"))
        .given(new NodeDrained("green-1", "1.0.0"));
    assertThat(h.state.stage()).isEqualTo(Stage.PATCHING);
    h.given(phaselessVerdict(true));
    assertThat(h.sentOf(SwitchTraffic.class)).as("traffic switched to green while green-1 is being patched").isEmpty();
  }

  @Test
  void aFactWithANullNodeIsIgnoredNotThrown() {
    SagaHarness h = draining();
    assertThatCode(() -> h.given(new NodeDrained(null, "1.0.0"))).doesNotThrowAnyException();
    assertThat(h.state.stage()).as("a fact naming no node answers nothing").isEqualTo(Stage.DRAINING);
    h.given(new NodeDrained("node-1", "1.0.0"));
    assertThat(h.state.stage()).isEqualTo(Stage.PATCHING);
    assertThatCode(() -> h.given(new NodePatched(null, "1.1.0", D, false))).doesNotThrowAnyException();
    assertThat(h.state.stage()).isEqualTo(Stage.PATCHING);
  }

  @Test
  void aVerificationWithoutADigestAbortsWithTheReasonNothingTouched() {
    SagaHarness h = new SagaHarness(THREE)
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""))
        .given(new ArtifactVerified("sandbox-node", "1.1.0", null, 1, "K"));
    assertThat(h.state.stage()).isEqualTo(Stage.ABORTED);
    assertThat(h.sentOf(DeploymentAborted.class)).singleElement().satisfies(a -> {
      assertThat(a.reason()).contains("without a SHA-256 digest");
      assertThat(a.untouchedNodes()).containsExactlyElementsOf(THREE);
    });
    assertThat(h.sentOf(DrainNode.class)).isEmpty();
  }

  @Test
  void aRebalanceCompleteBelow100DoesNotDrain() {
    SagaHarness h = RollingUpdateSagaTest.readyToRoll(THREE).given(new RebalanceComplete(97));
    assertThat(h.sentOf(DrainNode.class)).as("drained on a 97% report").isEmpty();
    assertThat(h.state.stage()).isEqualTo(Stage.AWAITING_HEALTH);
    assertThat(h.state.lastHealth()).contains("97%");
    h.given(new RebalanceComplete(100));
    assertThat(h.sentOf(DrainNode.class)).extracting(DrainNode::node).containsExactly("node-1");
  }

  @Test
  void anAbortAfterTheLastNodeStillRunsThePostDeployGates() {
    SagaHarness h = RollingUpdateSagaTest.readyToRoll(THREE);
    RollingUpdateSagaTest.rollNode(h, "node-1");
    RollingUpdateSagaTest.rollNode(h, "node-2");
    h.given(new RebalanceComplete(100)).given(new NodeDrained("node-3", "1.0.0"))
        .given(new DeploymentAbortRequested("stop", "op"))
        .given(new NodePatched("node-3", "1.1.0", D, false))
        .given(new NodeRejoined("node-3", "1.1.0"))
        .given(new RebalanceComplete(100));
    assertThat(h.sentOf(RunGates.class)).as("post-deploy gates (version-converged, chaos ROLLBACK) skipped")
        .anyMatch(g -> g.phase() == GatePhase.POST_DEPLOY);
    assertThat(h.sentOf(DeploymentAborted.class)).as("every node was touched: not an abort").isEmpty();
    h.given(new GatesEvaluated(GatePhase.POST_DEPLOY, true, List.of(), ""));
    assertThat(h.state.stage()).isEqualTo(Stage.SUCCEEDED);
    assertThat(h.state.reason()).contains("the abort requested after the last node (stop (by op))");
  }
}
