package dev.relay.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Command.AwaitGroupHealthy;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.NodeCommand;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.StopReplication;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Command.SyncState;
import dev.relay.contracts.Command.VerifyArtifact;
import dev.relay.contracts.Command.WatchStability;
import dev.relay.contracts.Fact.*;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given/expect tests of the Tier 2 saga with a clock and the held locks under the test's control. */
class BlueGreenSagaTest {

  static final List<String> GREEN = List.of("green-1", "green-2");
  static final String D = SagaHarness.DIGEST;
  static final String AUDIT = "audit-7 (AUDIT_EXPORT on eu-1)";

  /** A harness for the Tier 2 saga. */
  static final class H {
    final BlueGreenSaga saga = new BlueGreenSaga(BlueGreenPolicy.defaults());
    Saga state;
    Instant now;
    List<String> locks = List.of();
    final List<Message> sent = new ArrayList<>();

    H(Instant at, List<String> locksAtStart) {
      now = at;
      locks = locksAtStart;
      record(saga.start("d-2", "eu-1", "sandbox-node", "1.1.0", GREEN, locks, now));
    }

    H given(Message m) {
      record(saga.on(state, m, locks, now));
      return this;
    }

    H locks(String... held) {
      locks = List.of(held);
      return this;
    }

    H tickUntil(Instant end) {
      while (now.isBefore(end)) {
        now = now.plusSeconds(1);
        record(saga.tick(state, locks, now));
      }
      return this;
    }

    H tickFor(Duration d) {
      return tickUntil(now.plus(d));
    }

    void record(Transition t) {
      state = t.state();
      sent.addAll(t.out());
    }

    <T> List<T> sentOf(Class<T> type) {
      return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T> T last(Class<T> type) {
      List<T> all = sentOf(type);
      assertThat(all).as("a %s was sent; sent: %s", type.getSimpleName(), sent).isNotEmpty();
      return all.get(all.size() - 1);
    }

    /** Green patched, synced and healthy: the saga is at its pre-switch gates. */
    H toPreSwitchGates() {
      given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""))
          .given(new ArtifactVerified("sandbox-node", "1.1.0", D, 1, "K"));
      for (String node : GREEN) {
        given(new NodeDrained(node, "1.0.0")).given(new NodePatched(node, "1.1.0", D, false))
            .given(new NodeRejoined(node, "1.1.0"));
      }
      return given(new StateSynced(0)).given(new GroupHealthy("green", 100));
    }
  }

  static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void happyPathPatchesGreenSyncsSwitchesWatchesAndSucceedsWithoutTouchingBlue() {
    H h = new H(T0, List.of());
    assertThat(h.last(RunGates.class).phase()).isEqualTo(GatePhase.PRE_FLIGHT);
    h.given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""));
    h.last(VerifyArtifact.class);
    h.given(new ArtifactVerified("sandbox-node", "1.1.0", D, 1, "K"));
    for (String node : GREEN) {
      assertThat(h.last(DrainNode.class).node()).isEqualTo(node);
      h.given(new NodeDrained(node, "1.0.0"));
      assertThat(h.last(PatchNode.class).node()).isEqualTo(node);
      h.given(new NodePatched(node, "1.1.0", D, false));
      assertThat(h.last(RejoinNode.class).node()).isEqualTo(node);
      h.given(new NodeRejoined(node, "1.1.0"));
    }
    h.last(SyncState.class);
    h.given(new StateSynced(0));
    assertThat(h.last(AwaitGroupHealthy.class).group()).isEqualTo("green");
    assertThat(h.sentOf(SwitchTraffic.class)).isEmpty();
    h.given(new GroupHealthy("green", 100));
    assertThat(h.last(RunGates.class).phase()).isEqualTo(GatePhase.PRE_SWITCH);
    h.given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), ""));
    assertThat(h.last(SwitchTraffic.class).to()).isEqualTo("green");
    h.given(new TrafficSwitched("green", 900));
    WatchStability watch = h.last(WatchStability.class);
    assertThat(watch.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(h.state.trafficOn()).isEqualTo("green");
    h.given(new StabilityConfirmed("green", 10_000, 0));
    assertThat(h.last(RunGates.class).phase()).isEqualTo(GatePhase.POST_DEPLOY);
    h.given(new GatesEvaluated(GatePhase.POST_DEPLOY, true, List.of(), ""));
    h.last(StopReplication.class);
    h.given(new ReplicationStopped());
    assertThat(h.last(DeploymentSucceeded.class).version()).isEqualTo("1.1.0");
    assertThat(h.state.stage()).isEqualTo(Stage.SUCCEEDED);
    assertThat(h.state.reason()).contains("blue kept ready as the fallback");
    assertThat(h.sentOf(NodeCommand.class)).allSatisfy(c -> assertThat(c.toString()).doesNotContain("blue-"));
  }

  /** Green went live in the last deployment: the next one patches blue, switches to it, and falls back to green. */
  @Test
  void onceGreenIsLiveTheNextDeploymentPatchesBlueAndFallsBackToGreen() {
    BlueGreenSaga saga = new BlueGreenSaga(BlueGreenPolicy.defaults());
    List<String> blue = List.of("blue-1", "blue-2");
    List<Message> sent = new ArrayList<>();
    Instant now = T0;
    Transition t = saga.start("d-3", "eu-1", "sandbox-node", "1.2.0", "blue", blue, List.of(), now);
    sent.addAll(t.out());
    Saga s = t.state();
    assertThat(s.trafficOn()).isEqualTo("green");
    for (Message m : List.<Message>of(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""),
        new ArtifactVerified("sandbox-node", "1.2.0", D, 1, "K"),
        new NodeDrained("blue-1", "1.1.0"), new NodePatched("blue-1", "1.2.0", D, false),
        new NodeRejoined("blue-1", "1.2.0"), new NodeDrained("blue-2", "1.1.0"),
        new NodePatched("blue-2", "1.2.0", D, false), new NodeRejoined("blue-2", "1.2.0"), new StateSynced(0),
        new GroupHealthy("blue", 100), new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), ""),
        new TrafficSwitched("blue", 700), new StabilityBreached("blue", "3 errors"),
        new TrafficSwitched("green", 600), new ReplicationStopped())) {
      t = saga.on(s, m, List.of(), now);
      s = t.state();
      sent.addAll(t.out());
    }
    List<String> drained = sent.stream().filter(DrainNode.class::isInstance).map(m -> ((DrainNode) m).node()).toList();
    assertThat(drained).containsExactly("blue-1", "blue-2");
    assertThat(sent).filteredOn(SyncState.class::isInstance).containsExactly(new SyncState("blue",
        ((SyncState) sent.stream().filter(SyncState.class::isInstance).findFirst().orElseThrow()).deadline()));
    assertThat(sent).filteredOn(AwaitGroupHealthy.class::isInstance).extracting(m -> ((AwaitGroupHealthy) m).group())
        .containsExactly("blue");
    assertThat(sent).filteredOn(SwitchTraffic.class::isInstance).extracting(m -> ((SwitchTraffic) m).to())
        .containsExactly("blue", "green");
    assertThat(sent).filteredOn(WatchStability.class::isInstance).extracting(m -> ((WatchStability) m).group())
        .containsExactly("blue");
    assertThat(sent).filteredOn(StopReplication.class::isInstance).extracting(m -> ((StopReplication) m).to())
        .containsExactly("blue");
    assertThat(s.stage()).isEqualTo(Stage.ROLLED_BACK);
    assertThat(s.trafficOn()).isEqualTo("green");
    assertThat(s.reason()).contains("stability window breached on blue").contains("switched back to green");
    assertThat(sent).filteredOn(m -> m instanceof NodeCommand && m.toString().contains("green-")).isEmpty();
  }

  /** Situation: an Audit Export runs 10:00-10:40 and a deploy arrives at 10:06. */
  @Test
  void aDeployDuringAnAuditExportIsDeferredAndResumesWhenItEndsWithGatesRun() {
    H h = new H(T0.plus(Duration.ofMinutes(6)), List.of(AUDIT));
    DeploymentDeferred deferred = h.last(DeploymentDeferred.class);
    assertThat(deferred.locks()).containsExactly(AUDIT);
    assertThat(h.state.stage()).isEqualTo(Stage.DEFERRED);
    h.tickUntil(T0.plus(Duration.ofMinutes(40)).minusSeconds(1));
    assertThat(h.sentOf(RunGates.class)).isEmpty();
    assertThat(h.sentOf(NodeCommand.class)).isEmpty();
    h.locks().tickFor(Duration.ofSeconds(1)); // 10:40: the export ends
    assertThat(h.last(DeploymentResumed.class).reason()).contains("audit-7");
    assertThat(h.last(RunGates.class).phase()).isEqualTo(GatePhase.PRE_FLIGHT);
    assertThat(h.now).isEqualTo(T0.plus(Duration.ofMinutes(40)));
  }

  /** Situation: the export's worker dies, heartbeats stop: the lock stays held, so the deployment stays deferred. */
  @Test
  void aDeferredDeploymentExpiresAfterItsMaximumWithNothingTouched() {
    H h = new H(T0, List.of(AUDIT));
    h.tickFor(Duration.ofHours(3));
    assertThat(h.state.stage()).isEqualTo(Stage.DEFERRED);
    h.tickFor(Duration.ofHours(2));
    assertThat(h.state.stage()).isEqualTo(Stage.EXPIRED);
    assertThat(h.last(DeploymentExpired.class).reason()).contains("audit-7").contains("nothing was touched");
    assertThat(h.sentOf(NodeCommand.class)).isEmpty();
    assertThat(h.sentOf(RunGates.class)).isEmpty();
  }

  /** Situation: a Legal Hold starts while green is syncing: the saga holds before the switch until it ends. */
  @Test
  void aLegalHoldDuringSyncHoldsTheSagaBeforeTheSwitchThenGatesRunAgain() {
    H h = new H(T0, List.of());
    h.given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""))
        .given(new ArtifactVerified("sandbox-node", "1.1.0", D, 1, "K"));
    for (String node : GREEN) {
      h.given(new NodeDrained(node, "1.0.0")).given(new NodePatched(node, "1.1.0", D, false))
          .given(new NodeRejoined(node, "1.1.0"));
    }
    assertThat(h.state.stage()).isEqualTo(Stage.SYNCING_STATE);
    h.locks("hold-1 (LEGAL_HOLD on *)").given(new StateSynced(0)).given(new GroupHealthy("green", 100))
        .given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), ""));
    assertThat(h.state.stage()).isEqualTo(Stage.HELD_BEFORE_SWITCH);
    assertThat(h.last(DeploymentDeferred.class).locks()).containsExactly("hold-1 (LEGAL_HOLD on *)");
    h.tickFor(Duration.ofMinutes(30));
    assertThat(h.sentOf(SwitchTraffic.class)).isEmpty();
    h.locks().tickFor(Duration.ofSeconds(1));
    h.last(DeploymentResumed.class);
    assertThat(h.sentOf(RunGates.class).stream().filter(g -> g.phase() == GatePhase.PRE_SWITCH)).hasSize(2);
    h.given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), ""));
    assertThat(h.last(SwitchTraffic.class).to()).isEqualTo("green");
  }

  /** Situation: green never becomes healthy. */
  @Test
  void greenNeverHealthyEndsFailedBeforeTheSwitchWithBlueUntouched() {
    H h = new H(T0, List.of());
    h.given(new GatesEvaluated(GatePhase.PRE_FLIGHT, true, List.of(), ""))
        .given(new ArtifactVerified("sandbox-node", "1.1.0", D, 1, "K"));
    for (String node : GREEN) {
      h.given(new NodeDrained(node, "1.0.0")).given(new NodePatched(node, "1.1.0", D, false))
          .given(new NodeRejoined(node, "1.1.0"));
    }
    h.given(new StateSynced(0)).tickFor(Duration.ofMinutes(11));
    assertThat(h.state.stage()).isEqualTo(Stage.CLEANING_UP);
    h.last(StopReplication.class);
    h.given(new ReplicationStopped());
    DeploymentFailed failed = h.last(DeploymentFailed.class);
    assertThat(failed.reason()).contains("AwaitGroupHealthy").contains("blue serving and untouched")
        .contains("green cleaned up");
    assertThat(h.sentOf(SwitchTraffic.class)).isEmpty();
    assertThat(h.state.trafficOn()).isEqualTo("blue");
  }

  @Test
  void aBreachInTheStabilityWindowSwitchesBackToBlueAtOnce() {
    H h = new H(T0, List.of()).toPreSwitchGates();
    h.given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), "")).given(new TrafficSwitched("green", 700));
    h.given(new StabilityBreached("green", "3 5xx responses from green-2"));
    assertThat(h.last(SwitchTraffic.class).to()).isEqualTo("blue");
    h.given(new TrafficSwitched("blue", 500)).given(new ReplicationStopped());
    assertThat(h.last(DeploymentRolledBack.class).reason()).contains("5xx").contains("switched back to blue");
    assertThat(h.state.stage()).isEqualTo(Stage.ROLLED_BACK);
    assertThat(h.state.trafficOn()).isEqualTo("blue");
  }

  @Test
  void aSwitchThatFailsAfterItsRetriesRestoresBlueAndStopsReplication() {
    H h = new H(T0, List.of()).toPreSwitchGates();
    h.given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), ""))
        .given(new NodeCommandFailed(null, "SwitchTraffic", "runtime API refused after 5 tries"));
    assertThat(h.last(SwitchTraffic.class).to()).isEqualTo("blue");
    h.given(new TrafficSwitched("blue", 10)).given(new ReplicationStopped());
    assertThat(h.state.stage()).isEqualTo(Stage.ROLLED_BACK);
    assertThat(h.state.reason()).contains("runtime API refused");
  }

  /** Situation: two failed releases in a row; each ends, traffic on blue after each. */
  @Test
  void twoFailedReleasesInARowEachEndWithTrafficOnBlue() {
    for (int i = 0; i < 2; i++) {
      H h = new H(T0.plus(Duration.ofHours(i)), List.of()).toPreSwitchGates();
      h.given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), "")).given(new TrafficSwitched("green", 700))
          .given(new StabilityBreached("green", "green health 60%"));
      h.given(new TrafficSwitched("blue", 400));
      h.tickFor(Duration.ofMinutes(5)); // replication stop never answered: the deadline still ends it
      assertThat(h.state.terminal()).isTrue();
      assertThat(h.state.stage()).isEqualTo(Stage.ROLLED_BACK);
      assertThat(h.state.trafficOn()).isEqualTo("blue");
    }
  }

  /** Decision: a lock that appears after the switch does not stop the window; the deployment completes. */
  @Test
  void aLockAfterTheSwitchLetsTheWindowFinish() {
    H h = new H(T0, List.of()).toPreSwitchGates();
    h.given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), "")).given(new TrafficSwitched("green", 700));
    h.locks("hold-9 (LEGAL_HOLD on eu-1)").given(new StabilityConfirmed("green", 100, 0))
        .given(new GatesEvaluated(GatePhase.POST_DEPLOY, true, List.of(), "")).given(new ReplicationStopped());
    assertThat(h.state.stage()).isEqualTo(Stage.SUCCEEDED);
    assertThat(h.state.locks()).containsExactly("hold-9 (LEGAL_HOLD on eu-1)");
    assertThat(h.sentOf(SwitchTraffic.class)).hasSize(1);
  }

  @Test
  void aFailedPostDeployGateSwitchesBackToBlue() {
    H h = new H(T0, List.of()).toPreSwitchGates();
    h.given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), "")).given(new TrafficSwitched("green", 700))
        .given(new StabilityConfirmed("green", 100, 0))
        .given(new GateFailed(GatePhase.POST_DEPLOY, "chaos-resilience", "ROLLBACK", "node green-2 never came back"))
        .given(new GatesEvaluated(GatePhase.POST_DEPLOY, false, List.of("chaos-resilience"), ""));
    assertThat(h.last(SwitchTraffic.class).to()).isEqualTo("blue");
    h.given(new TrafficSwitched("blue", 100)).given(new ReplicationStopped());
    assertThat(h.state.stage()).isEqualTo(Stage.ROLLED_BACK);
    assertThat(h.state.reason()).contains("chaos-resilience").contains("never came back");
  }

  @Test
  void aDeferGateThatStillFailsAtItsDeadlineEndsExpired() {
    H h = new H(T0, List.of());
    h.given(new GateFailed(GatePhase.PRE_FLIGHT, "compliance-clear", "DEFER", "still failing at the deadline: lock"))
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("compliance-clear"), "expired: compliance-clear"));
    assertThat(h.state.stage()).isEqualTo(Stage.EXPIRED);
    assertThat(h.last(DeploymentExpired.class).reason()).contains("nothing was touched");
  }

  @Test
  void theStabilityWindowItselfHasADeadline() {
    H h = new H(T0, List.of()).toPreSwitchGates();
    h.given(new GatesEvaluated(GatePhase.PRE_SWITCH, true, List.of(), "")).given(new TrafficSwitched("green", 700));
    h.tickFor(Duration.ofMinutes(6));
    assertThat(h.last(SwitchTraffic.class).to()).isEqualTo("blue");
  }

  @Test
  void failedPreFlightGatesAbortWithNothingTouched() {
    H h = new H(T0, List.of());
    h.given(new GateFailed(GatePhase.PRE_FLIGHT, "artifact-signature", "ABORT", "unknown key"))
        .given(new GatesEvaluated(GatePhase.PRE_FLIGHT, false, List.of("artifact-signature"), ""));
    assertThat(h.last(DeploymentAborted.class).reason()).contains("unknown key").contains("blue serving and untouched");
    assertThat(h.sentOf(NodeCommand.class)).isEmpty();
  }
}
