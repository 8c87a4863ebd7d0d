package dev.relay.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.NodeCommand;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Command.RunGates;
import dev.relay.contracts.Command.VerifyArtifact;
import dev.relay.contracts.Fact.*;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Message;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Request.DeploymentAbortRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property tests: thousands of random histories (right answers, failures, duplicates, answers for the wrong node,
 * stale facts, time jumps past deadlines, abort requests) must never break the saga's invariants. Each run is seeded
 * and the seed is in the test name, so a failure replays exactly.
 *
 * <p>Written with seeded JUnit dynamic tests rather than jqwik: jqwik 1.10 carries a clause asking AI coding agents
 * not to use it, and these tests were written by one.
 */
class SagaPropertiesTest {

  static final String D = SagaHarness.DIGEST;
  static final int RUNS = 400;

  @TestFactory
  List<DynamicTest> invariantsHoldForRandomHistories() {
    return IntStream.range(0, RUNS)
        .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> check(seed)))
        .toList();
  }

  record Step(Message input, Instant at, Saga before, Saga after, List<Message> out) {}

  static void check(long seed) {
    Random r = new Random(seed);
    List<String> nodes = IntStream.rangeClosed(1, 1 + r.nextInt(5)).mapToObj(i -> "node-" + i).toList();
    RollingUpdateSaga saga = new RollingUpdateSaga(SagaPolicy.defaults());
    Instant now = SagaHarness.T0;
    Transition t = saga.start("d-1", "c1", "sandbox-node", "1.1.0", 1, "rolling-update", nodes, now);
    List<Step> history = new ArrayList<>();
    history.add(new Step(null, now, null, t.state(), t.out()));
    Saga s = t.state();
    for (int i = 0; i < 300 && !s.terminal(); i++) {
      Message input;
      int dice = r.nextInt(100);
      if (dice < 8) {
        now = now.plus(Duration.ofSeconds(1 + r.nextInt(r.nextInt(10) == 0 ? 3600 : 60)));
        Transition tick = saga.tick(s, now);
        history.add(new Step(null, now, s, tick.state(), tick.out()));
        s = tick.state();
        continue;
      } else if (dice < 70) {
        input = rightAnswer(s, r);
      } else {
        input = noise(nodes, r);
      }
      if (input == null) {
        continue;
      }
      now = now.plusMillis(r.nextInt(2000));
      Transition next = saga.on(s, input, now);
      history.add(new Step(input, now, s, next.state(), next.out()));
      s = next.state();
    }
    // Drive to an end: time alone must end any deployment (every wait has a deadline).
    for (int i = 0; i < 200 && !s.terminal(); i++) {
      now = now.plus(Duration.ofMinutes(1));
      Transition tick = saga.tick(s, now);
      history.add(new Step(null, now, s, tick.state(), tick.out()));
      s = tick.state();
    }
    assertThat(s.terminal()).as("seed %d: ends in a terminal stage by time alone", seed).isTrue();
    assertInvariants(seed, nodes, history);
  }

  /** What a well-behaved service would answer to the pending command, sometimes a failure. */
  static Message rightAnswer(Saga s, Random r) {
    Message p = s.pending();
    boolean fails = r.nextInt(12) == 0;
    if (p instanceof RunGates g) {
      boolean recorded = s.gates().stream().anyMatch(x -> x.startsWith(g.phase() + " ") && x.contains("FAILED"));
      if (g.phase() == GatePhase.POST_DEPLOY && !recorded && r.nextInt(3) == 0) {
        return new GateFailed(g.phase(), "chaos-resilience", "ROLLBACK", "did not recover"); // then a failed verdict
      }
      boolean failsNow = fails || recorded;
      return new GatesEvaluated(g.phase(), !failsNow, failsNow ? List.of("cluster-health") : List.of(), "");
    }
    if (p instanceof VerifyArtifact v) {
      return fails ? new ArtifactRejected(v.artifact(), v.version(), "bad signature")
          : new ArtifactVerified(v.artifact(), v.version(), D, 1, "K");
    }
    if (p instanceof NodeCommand c && fails) {
      String node = c instanceof AwaitRebalance ? null : nodeOf(c);
      return new NodeCommandFailed(node, Messages.typeName(c.getClass()), "random failure");
    }
    if (p instanceof AwaitRebalance) {
      return r.nextInt(4) == 0 ? new ClusterHealthObserved(97, List.of("node-2"), List.of("warn")) : new RebalanceComplete(100);
    }
    if (p instanceof DrainNode d) {
      return new NodeDrained(d.node(), "1.0.0");
    }
    if (p instanceof PatchNode pn) {
      return new NodePatched(pn.node(), pn.version(), pn.digest(), r.nextBoolean());
    }
    if (p instanceof RejoinNode rj) {
      return new NodeRejoined(rj.node(), rj.version());
    }
    if (p instanceof RollbackNode rb) {
      return new NodeRolledBack(rb.node(), rb.version());
    }
    return null;
  }

  /** Facts that arrive out of turn: duplicates, wrong nodes, stale versions, aborts. */
  static Message noise(List<String> nodes, Random r) {
    String node = nodes.get(r.nextInt(nodes.size()));
    return switch (r.nextInt(10)) {
      case 0 -> new RebalanceComplete(100);
      case 1 -> new NodeDrained(node, "1.0.0");
      case 2 -> new NodePatched(node, r.nextBoolean() ? "1.1.0" : "0.9.0", D, false);
      case 3 -> new NodeRejoined(node, "1.1.0");
      case 4 -> new NodeRolledBack(node, "1.0.0");
      case 5 -> new NodeCommandFailed(node, "PatchNode", "stray failure");
      case 6 -> r.nextBoolean() ? new GatesEvaluated(GatePhase.PRE_FLIGHT, r.nextBoolean(), List.of(), "")
          : new GateFailed(GatePhase.POST_DEPLOY, "chaos-resilience", "ROLLBACK", "random");
      case 7 -> new ArtifactVerified("sandbox-node", r.nextBoolean() ? "1.1.0" : "7.1.0", D, 1, "K");
      case 8 -> r.nextInt(5) == 0 ? new DeploymentAbortRequested("stop", "op") : new RebalanceComplete(100);
      default -> new ClusterHealthObserved(r.nextInt(101), List.of(), List.of());
    };
  }

  static String nodeOf(NodeCommand c) {
    if (c instanceof DrainNode d) return d.node();
    if (c instanceof PatchNode p) return p.node();
    if (c instanceof RejoinNode r) return r.node();
    if (c instanceof RollbackNode r) return r.node();
    return null;
  }

  static void assertInvariants(long seed, List<String> nodes, List<Step> history) {
    Set<String> outOfService = Set.of("DRAINING", "DRAINED", "PATCHING", "PATCHED", "REJOINING", "ROLLING_BACK",
        "REVERTING");
    Set<String> drained = new HashSet<>();
    Set<String> patched = new HashSet<>();
    Set<String> rejoined = new HashSet<>();
    boolean healthyConfirmedSinceLastChange = false;
    boolean gatesPassed = false;
    boolean verified = false;
    int terminalEvents = 0;
    for (Step step : history) {
      Saga after = step.after();
      long out = after.progress().stream().filter(p -> outOfService.contains(p.status())).count();
      assertThat(out).as("seed %d: never more than one node out of service: %s", seed, after.progress()).isLessThanOrEqualTo(1);
      if (step.input() instanceof RebalanceComplete && step.before() != null
          && (step.before().stage() == Stage.AWAITING_HEALTH || step.before().stage() == Stage.REVERT_AWAITING_HEALTH)) {
        healthyConfirmedSinceLastChange = true;
      }
      if (step.input() instanceof GatesEvaluated g && g.passed() && step.before() != null
          && step.before().stage() == Stage.PRE_FLIGHT_GATES) {
        gatesPassed = true;
      }
      if (step.input() instanceof ArtifactVerified && step.before() != null
          && step.before().stage() == Stage.VERIFYING_ARTIFACT) {
        verified = true;
      }
      for (Message m : step.out()) {
        if (step.input() == null && step.before() != null && m.equals(step.before().pending())) {
          // a re-send of the pending command on a tick: the same desired end, not a new step
          assertThat(m).isInstanceOf(NodeCommand.class);
          continue;
        }
        if (m instanceof DrainNode d && step.after().stage() == Stage.REVERT_DRAINING) {
          // a revert drain (last node first) follows the failed post-deploy verdict (the first, at once), or the
          // settle wait after the previous node's rollback: a 100% report, or its end (a failure or the deadline);
          // "never more than one node out of service" above still holds
          assertThat(step.before().stage()).as("seed %d: a revert drain follows the verdict or the settle wait", seed)
              .isIn(Stage.POST_DEPLOY_GATES, Stage.REVERT_AWAITING_HEALTH);
          if (step.before().stage() == Stage.POST_DEPLOY_GATES) {
            assertThat(step.input()).isInstanceOf(GatesEvaluated.class);
          } else if (step.input() != null) {
            assertThat(step.input()).satisfiesAnyOf(i -> assertThat(i).isInstanceOf(RebalanceComplete.class),
                i -> assertThat(i).isInstanceOf(dev.relay.contracts.Fact.NodeCommandFailed.class));
          }
          healthyConfirmedSinceLastChange = false;
        } else if (m instanceof DrainNode d) {
          assertThat(step.input()).as("seed %d: a drain follows only a 100%% health report", seed)
              .isInstanceOf(RebalanceComplete.class);
          assertThat(healthyConfirmedSinceLastChange).as("seed %d: health confirmed before draining %s", seed, d.node()).isTrue();
          assertThat(gatesPassed && verified).as("seed %d: gates passed and artifact verified before any drain", seed).isTrue();
          int index = nodes.indexOf(d.node());
          for (int i = 0; i < index; i++) {
            assertThat(rejoined).as("seed %d: nodes in order; %s before %s", seed, nodes.get(i), d.node()).contains(nodes.get(i));
          }
          if (!drained.contains(d.node())) {
            drained.add(d.node());
          }
          healthyConfirmedSinceLastChange = false;
        }
        if (m instanceof PatchNode p && !patched.contains(p.node())) {
          assertThat(drained).as("seed %d: %s drained before patched", seed, p.node()).contains(p.node());
          assertThat(p.digest()).isEqualTo(D);
          patched.add(p.node());
        }
        if (m instanceof RejoinNode rj) {
          assertThat(patched).as("seed %d: %s patched before rejoined", seed, rj.node()).contains(rj.node());
        }
        if (m instanceof dev.relay.contracts.Fact.Terminal) {
          terminalEvents++;
        }
        if (m instanceof DeploymentSucceeded) {
          assertThat(rejoined).as("seed %d: success only when every node rejoined", seed).containsAll(nodes);
        }
        if (m instanceof DeploymentAborted a) {
          assertThat(a.reason()).isNotBlank();
        }
        if (m instanceof DeploymentFailed f) {
          assertThat(f.reason()).isNotBlank();
        }
      }
      if (step.input() instanceof NodeRejoined nr && step.before() != null && step.before().stage() == Stage.REJOINING
          && nr.node().equals(step.before().currentNode())) {
        rejoined.add(nr.node());
      }
      if (step.before() != null && step.before().terminal()) {
        assertThat(step.out()).as("seed %d: nothing is sent after the end", seed).isEmpty();
      }
    }
    assertThat(terminalEvents).as("seed %d: exactly one terminal event", seed).isEqualTo(1);
    if (history.stream().anyMatch(st -> st.after().stage() == Stage.REVERTING)) {
      REVERTS_SEEN.incrementAndGet();
    }
  }

  static final java.util.concurrent.atomic.AtomicInteger REVERTS_SEEN = new java.util.concurrent.atomic.AtomicInteger();

  @org.junit.jupiter.api.AfterAll
  static void theRandomHistoriesReachedTheRevertPath() {
    assertThat(REVERTS_SEEN.get()).as("histories that reached a revert").isGreaterThan(0);
  }
}
