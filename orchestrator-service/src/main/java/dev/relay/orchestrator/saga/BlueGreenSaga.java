package dev.relay.orchestrator.saga;

import dev.relay.contracts.Command;
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
import dev.relay.contracts.Fact.ArtifactRejected;
import dev.relay.contracts.Fact.ArtifactVerified;
import dev.relay.contracts.Fact.DeploymentAborted;
import dev.relay.contracts.Fact.DeploymentDeferred;
import dev.relay.contracts.Fact.DeploymentExpired;
import dev.relay.contracts.Fact.DeploymentFailed;
import dev.relay.contracts.Fact.DeploymentResumed;
import dev.relay.contracts.Fact.DeploymentRolledBack;
import dev.relay.contracts.Fact.DeploymentStarted;
import dev.relay.contracts.Fact.DeploymentSucceeded;
import dev.relay.contracts.Fact.GateFailed;
import dev.relay.contracts.Fact.GatePassed;
import dev.relay.contracts.Fact.GatesEvaluated;
import dev.relay.contracts.Fact.GroupHealthy;
import dev.relay.contracts.Fact.NodeCommandFailed;
import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.contracts.Fact.NodePatched;
import dev.relay.contracts.Fact.NodeRejoined;
import dev.relay.contracts.Fact.ReplicationStopped;
import dev.relay.contracts.Fact.StabilityBreached;
import dev.relay.contracts.Fact.StabilityConfirmed;
import dev.relay.contracts.Fact.StateSynced;
import dev.relay.contracts.Fact.StepStarted;
import dev.relay.contracts.Fact.TrafficSwitched;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Message;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Request.DeploymentAbortRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tier 2, blue-green, as a pure function {@code (state, input, locks held, now) -> (new state, messages)}:
 * compliance clear (else deferred) -> pre-flight gates -> artifact verified -> each green node drained, patched and
 * rejoined -> state synced from blue -> green healthy -> pre-switch gates and a second compliance check -> switch ->
 * stability window -> replication stopped -> succeeded, with blue kept ready as the fallback.
 *
 * <p>Before the switch, blue is never touched: a failure cleans green up (replication stopped) and ends FAILED, or
 * ABORTED when an operator asked. After the switch, a breach in the window, a failed switch, or an operator's abort
 * switches traffic back to blue at once and ends ROLLED_BACK. A compliance lock that appears after the switch does not
 * stop the window: finishing it changes nothing further, while a rollback would itself be a change during the hold; a
 * breach still rolls back at once, because availability comes first.
 */
public final class BlueGreenSaga {

  public static final String STRATEGY = Strategy.BLUE_GREEN;
  public static final String BLUE = "blue";
  public static final String GREEN = "green";

  /** The group this deployment patches and switches to (records from before it was kept: green). */
  static String target(Saga s) {
    return s.target() == null ? GREEN : s.target();
  }

  /** The group that served when the deployment started, and the fallback after the switch. */
  static String live(Saga s) {
    return other(target(s));
  }

  static String other(String group) {
    return GREEN.equals(group) ? BLUE : GREEN;
  }

  private final BlueGreenPolicy policy;

  public BlueGreenSaga(BlueGreenPolicy policy) {
    this.policy = policy;
  }

  /** A deployment to the green group while blue serves: the first one on a cluster. */
  public Transition start(String deploymentId, String clusterId, String artifact, String version,
      List<String> greenNodes, List<String> locks, Instant now) {
    return start(deploymentId, clusterId, artifact, version, GREEN, greenNodes, locks, now);
  }

  /**
   * @param target the idle group to patch and switch to ("green", or "blue" when green is live after an earlier
   *     deployment); the other group serves until the switch and is the fallback after it
   * @param targetNodes the target group's node ids, in order
   */
  public Transition start(String deploymentId, String clusterId, String artifact, String version, String target,
      List<String> targetNodes, List<String> locks, Instant now) {
    if (!GREEN.equals(target) && !BLUE.equals(target)) {
      throw new IllegalArgumentException("target group must be blue or green, not " + target);
    }
    List<NodeProgress> progress = targetNodes.stream().map(NodeProgress::pending).toList();
    Saga s = new Saga(deploymentId, clusterId, artifact, version, 2, STRATEGY, targetNodes, Stage.PRE_FLIGHT_GATES, 0,
        null, progress, null, null, null, List.of(), null, null, null, null, List.of(), other(target), target, now, now,
        null);
    List<Message> out = new ArrayList<>();
    out.add(new DeploymentStarted(artifact, version, 2, STRATEGY, targetNodes));
    if (!locks.isEmpty()) {
      Instant until = now.plus(policy.maxDeferral());
      out.add(new DeploymentDeferred(locks, until));
      return new Transition(s.withLocks(locks).with(Stage.DEFERRED, 0).waitingOn(null, until, null), out);
    }
    return preFlight(s, now, out);
  }

  public Transition on(Saga s, Message input, List<String> locks, Instant now) {
    if (s.terminal()) {
      return Transition.unchanged(s);
    }
    Saga current = s.withLocks(locks);
    Transition t = dispatch(current, input, now);
    if (t.state() == current && t.out().isEmpty()) {
      return locks.equals(s.locks()) ? Transition.unchanged(s) : new Transition(current.updated(now), List.of());
    }
    return new Transition(t.state().updated(now), t.out());
  }

  /** Time passes, and the locks held now are known: deferral, resumption, deadlines and re-sends. */
  public Transition tick(Saga s, List<String> locks, Instant now) {
    if (s.terminal()) {
      return Transition.unchanged(s);
    }
    if (s.stage() == Stage.DEFERRED || s.stage() == Stage.HELD_BEFORE_SWITCH) {
      boolean before = s.stage() == Stage.DEFERRED;
      if (locks.isEmpty()) {
        String why = "compliance locks released (" + String.join(", ", s.locks()) + ")";
        List<Message> out = new ArrayList<>(List.of(new DeploymentResumed(why)));
        Saga resumed = s.withLocks(List.of());
        return before ? preFlight(resumed.updated(now), now, out)
            : gates(resumed.updated(now), Stage.PRE_SWITCH_GATES, GatePhase.PRE_SWITCH, now, out);
      }
      if (!now.isBefore(s.deadline())) {
        String why = "held by compliance locks " + locks + " past the maximum deferral of " + policy.maxDeferral();
        if (before) {
          return new Transition(s.withLocks(locks).ended(Stage.EXPIRED, why + "; nothing was touched", now),
              List.of(new DeploymentExpired(why + "; nothing was touched")));
        }
        return cleanUp(s.withLocks(locks), why + " before the switch", now);
      }
      return locks.equals(s.locks()) ? Transition.unchanged(s) : new Transition(s.withLocks(locks).updated(now), List.of());
    }
    if (s.deadline() != null && !now.isBefore(s.deadline())) {
      String waitingFor = s.pending() == null ? "an answer" : Messages.typeName(s.pending().getClass());
      return failed(s.withLocks(locks), "deadline passed: no answer to " + waitingFor
          + (s.currentNode() != null && isNodeStep(s.stage()) ? " for " + s.currentNode() : ""), now);
    }
    if (s.pending() instanceof NodeCommand && s.resendAt() != null && !now.isBefore(s.resendAt())
        && s.stage() != Stage.MONITORING) {
      return new Transition(s.waitingOn(s.pending(), s.deadline(), now.plus(policy.resendInterval())),
          List.of(s.pending()));
    }
    return Transition.unchanged(s);
  }

  // ---- the steps ----

  private Transition dispatch(Saga s, Message input, Instant now) {
    Stage stage = s.stage();
    String node = s.currentNode();
    GatePhase phase = stage == Stage.PRE_FLIGHT_GATES ? GatePhase.PRE_FLIGHT
        : stage == Stage.PRE_SWITCH_GATES ? GatePhase.PRE_SWITCH
        : stage == Stage.POST_DEPLOY_GATES ? GatePhase.POST_DEPLOY : null;
    if (input instanceof GatePassed g && phase != null && g.phase() == phase) {
      return new Transition(s.withGate(g.phase() + " " + g.gateId() + ": PASSED " + nz(g.detail())), List.of());
    }
    if (input instanceof GateFailed g && phase != null && g.phase() == phase) {
      return new Transition(s.withGate(g.phase() + " " + g.gateId() + ": FAILED (" + g.failAction() + ") "
          + nz(g.reason())), List.of());
    }
    if (input instanceof GatesEvaluated g && phase != null && g.phase() == phase) {
      if (stage == Stage.POST_DEPLOY_GATES) {
        return g.passed()
            ? await(s, Stage.FINALIZING, s.nodeIndex(), new StopReplication(target(s), now.plus(policy.stopReplication())),
                policy.stopReplication(), now, List.of())
            : switchBack(s, "post-deploy gates failed on " + target(s) + ": " + gateReasons(s, g), now);
      }
      if (!g.passed() && stage == Stage.PRE_FLIGHT_GATES && g.reason() != null && g.reason().startsWith("expired:")) {
        String why = "pre-flight gates deferred past their deadline: " + gateReasons(s, g) + "; nothing was touched";
        return new Transition(s.ended(Stage.EXPIRED, why, now), List.of(new DeploymentExpired(why)));
      }
      if (!g.passed()) {
        return failed(s, g.phase().name().toLowerCase().replace('_', '-') + " gates failed: " + gateReasons(s, g), now);
      }
      if (s.abortRequested() != null) {
        return failed(s, "abort requested: " + s.abortRequested(), now);
      }
      if (stage == Stage.PRE_FLIGHT_GATES) {
        return await(s, Stage.VERIFYING_ARTIFACT, 0, new VerifyArtifact(s.artifact(), s.version()), policy.verify(), now,
            List.of());
      }
      if (!s.locks().isEmpty()) {
        Instant until = now.plus(policy.maxDeferral());
        return new Transition(s.with(Stage.HELD_BEFORE_SWITCH, s.nodeIndex()).waitingOn(null, until, null),
            List.of(new DeploymentDeferred(s.locks(), until)));
      }
      return await(s, Stage.SWITCHING, s.nodeIndex(), new SwitchTraffic(target(s), now.plus(policy.switchTraffic())),
          policy.switchTraffic(), now, List.of(new StepStarted("switch-to-" + target(s), null)));
    }
    if (input instanceof ArtifactVerified a && stage == Stage.VERIFYING_ARTIFACT && matches(s, a.artifact(), a.version())
        && !Inputs.validDigest(a.digest())) {
      return failed(s, "artifact " + s.artifact() + " " + s.version() + " was reported verified without a SHA-256 digest"
          + " ('" + a.digest() + "'): nothing can be patched with bytes that are not pinned", now);
    }
    if (input instanceof ArtifactVerified a && stage == Stage.VERIFYING_ARTIFACT && matches(s, a.artifact(), a.version())) {
      return greenNode(s.withDigest(a.digest()), 0, now);
    }
    if (input instanceof ArtifactRejected a && stage == Stage.VERIFYING_ARTIFACT && matches(s, a.artifact(), a.version())) {
      return failed(s, "artifact " + s.artifact() + " " + s.version() + " rejected: " + a.reason(), now);
    }
    if (input instanceof NodeDrained d && stage == Stage.DRAINING && Inputs.sameNode(node, d.node())) {
      Saga drained = s.withProgress(s.progressOf(node).drained(d.runningVersion()).status("PATCHING"));
      return await(drained, Stage.PATCHING, s.nodeIndex(),
          new PatchNode(node, s.artifact(), s.version(), s.digest(), now.plus(policy.patch())), policy.patch(), now,
          List.of(new StepStarted("patching", node)));
    }
    if (input instanceof NodePatched p && stage == Stage.PATCHING && Inputs.sameNode(node, p.node())
        && s.version().equals(p.version()) && s.digest() != null && s.digest().equals(p.digest())) {
      Saga patched = s.withProgress(s.progressOf(node).at("REJOINING", p.version()));
      return await(patched, Stage.REJOINING, s.nodeIndex(), new RejoinNode(node, s.version(), now.plus(policy.rejoin())),
          policy.rejoin(), now, List.of(new StepStarted("rejoining", node)));
    }
    if (input instanceof NodeRejoined r && stage == Stage.REJOINING && Inputs.sameNode(node, r.node())
        && s.version().equals(r.version())) {
      Saga rejoined = s.withProgress(s.progressOf(node).at("REJOINED", r.version()));
      if (s.abortRequested() != null) {
        return failed(rejoined, "abort requested: " + s.abortRequested(), now);
      }
      if (s.nodeIndex() + 1 < s.nodes().size()) {
        return greenNode(rejoined, s.nodeIndex() + 1, now);
      }
      return await(rejoined, Stage.SYNCING_STATE, s.nodes().size(), new SyncState(target(s), now.plus(policy.sync())),
          policy.sync(), now, List.of(new StepStarted("syncing-state", null)));
    }
    if (input instanceof StateSynced && stage == Stage.SYNCING_STATE) {
      return await(s, Stage.AWAITING_GREEN_HEALTHY, s.nodeIndex(),
          new AwaitGroupHealthy(target(s), now.plus(policy.greenHealthy())), policy.greenHealthy(), now,
          List.of(new StepStarted("awaiting-" + target(s) + "-healthy", null)));
    }
    if (input instanceof GroupHealthy h && stage == Stage.AWAITING_GREEN_HEALTHY && target(s).equals(h.group())) {
      if (s.abortRequested() != null) {
        return failed(s, "abort requested: " + s.abortRequested(), now);
      }
      return gates(s, Stage.PRE_SWITCH_GATES, GatePhase.PRE_SWITCH, now, List.of());
    }
    if (input instanceof TrafficSwitched t && stage == Stage.SWITCHING && target(s).equals(t.to())) {
      Saga on = s.withTrafficOn(target(s));
      if (on.abortRequested() != null) {
        return switchBack(on, "abort requested: " + on.abortRequested(), now);
      }
      return await(on, Stage.MONITORING, s.nodeIndex(), new WatchStability(target(s), policy.stabilityWindow(),
              policy.maxErrors(), now.plus(policy.stabilityWindow()).plus(policy.graceAfterDeadline())),
          policy.stabilityWindow().plus(policy.graceAfterDeadline()), now, List.of(new StepStarted("monitoring", null)));
    }
    if (input instanceof StabilityConfirmed c && stage == Stage.MONITORING && target(s).equals(c.group())) {
      return gates(s, Stage.POST_DEPLOY_GATES, GatePhase.POST_DEPLOY, now, List.of());
    }
    if (input instanceof StabilityBreached b && stage == Stage.MONITORING) {
      return switchBack(s, "stability window breached on " + target(s) + ": " + b.reason(), now);
    }
    if (input instanceof TrafficSwitched t && stage == Stage.SWITCHING_BACK && live(s).equals(t.to())) {
      return await(s.withTrafficOn(live(s)), Stage.STOPPING_REPLICATION, s.nodeIndex(),
          new StopReplication(target(s), now.plus(policy.stopReplication())), policy.stopReplication(), now, List.of());
    }
    if (input instanceof ReplicationStopped && (stage == Stage.FINALIZING || stage == Stage.STOPPING_REPLICATION
        || stage == Stage.CLEANING_UP)) {
      return end(s, null, now);
    }
    if (input instanceof NodeCommandFailed f && s.pending() instanceof NodeCommand p
        && Messages.typeName(p.getClass()).equals(f.command())
        && (!isNodeStep(stage) || node == null || node.equals(f.node()))) {
      return failed(s, f.command() + " failed: " + f.reason(), now);
    }
    if (input instanceof DeploymentAbortRequested a) {
      String why = nz(a.reason()) + (a.requestedBy() == null ? "" : " (by " + a.requestedBy() + ")");
      return switch (stage) {
        case DEFERRED, PRE_FLIGHT_GATES, VERIFYING_ARTIFACT -> abortUntouched(s, "abort requested: " + why, now);
        case HELD_BEFORE_SWITCH -> cleanUp(s.withAbortRequested(why), "abort requested: " + why, now);
        case MONITORING -> switchBack(s.withAbortRequested(why), "abort requested: " + why, now);
        default -> new Transition(s.withAbortRequested(why), List.of());
      };
    }
    return Transition.unchanged(s);
  }

  /** What a failure at this stage means: before green is touched, abort; before the switch, clean up; after, switch back. */
  private Transition failed(Saga s, String reason, Instant now) {
    return switch (s.stage()) {
      case DEFERRED, PRE_FLIGHT_GATES, VERIFYING_ARTIFACT -> abortUntouched(s, reason, now);
      case DRAINING, PATCHING, REJOINING, SYNCING_STATE, AWAITING_GREEN_HEALTHY, PRE_SWITCH_GATES, HELD_BEFORE_SWITCH ->
          cleanUp(s, reason, now);
      case SWITCHING, MONITORING, POST_DEPLOY_GATES -> switchBack(s, reason, now);
      case FINALIZING -> end(s, reason, now);
      case SWITCHING_BACK -> terminal(s, Stage.FAILED, nz(s.failureReason()) + "; switching back to " + live(s) + " failed too: "
          + reason + "; traffic stays where the load balancer has it (never an empty backend): an operator must act",
          now);
      case STOPPING_REPLICATION, CLEANING_UP -> end(s, reason, now);
      default -> Transition.unchanged(s);
    };
  }

  private Transition abortUntouched(Saga s, String reason, Instant now) {
    Saga ended = s;
    for (String n : s.nodes()) {
      ended = ended.withProgress(ended.progressOf(n).status("UNTOUCHED"));
    }
    String why = reason + "; " + live(s) + " serving and untouched";
    return new Transition(ended.ended(Stage.ABORTED, why, now), List.of(new DeploymentAborted(why, s.nodes())));
  }

  private Transition cleanUp(Saga s, String reason, Instant now) {
    return await(s.withFailureReason(reason), Stage.CLEANING_UP, s.nodeIndex(),
        new StopReplication(target(s), now.plus(policy.stopReplication())), policy.stopReplication(), now,
        List.of(new StepStarted("cleaning-up-" + target(s), null)));
  }

  private Transition switchBack(Saga s, String reason, Instant now) {
    return await(s.withFailureReason(reason), Stage.SWITCHING_BACK, s.nodeIndex(),
        new SwitchTraffic(live(s), now.plus(policy.switchTraffic())), policy.switchTraffic(), now,
        List.of(new StepStarted("switch-back-to-" + live(s), null)));
  }

  /** The ending once replication is stopped (or could not be): decided by the stage that led here. */
  private Transition end(Saga s, String cleanupProblem, Instant now) {
    String extra = cleanupProblem == null ? "" : "; replication could not be stopped: " + cleanupProblem;
    return switch (s.stage()) {
      case FINALIZING -> {
        String why = "traffic on " + target(s) + " (" + s.artifact() + " " + s.version() + ") after a stable window of "
            + policy.stabilityWindow() + "; " + live(s) + " kept ready as the fallback" + extra;
        yield new Transition(s.ended(Stage.SUCCEEDED, why, now),
            List.of(new DeploymentSucceeded(s.artifact(), s.version(), s.nodes())));
      }
      case STOPPING_REPLICATION -> {
        String why = s.failureReason() + "; traffic switched back to " + live(s) + extra;
        yield new Transition(s.ended(Stage.ROLLED_BACK, why, now), List.of(new DeploymentRolledBack(why)));
      }
      default -> {
        String why = s.failureReason() + "; before the switch: " + live(s) + " serving and untouched, " + target(s)
            + " cleaned up" + extra;
        yield terminal(s, s.abortRequested() != null ? Stage.ABORTED : Stage.FAILED, why, now);
      }
    };
  }

  private Transition terminal(Saga s, Stage end, String why, Instant now) {
    Message fact = end == Stage.ABORTED ? new DeploymentAborted(why, List.of()) : new DeploymentFailed(why, null, List.of());
    return new Transition(s.ended(end, why, now), List.of(fact));
  }

  private Transition preFlight(Saga s, Instant now, List<Message> before) {
    return gates(s, Stage.PRE_FLIGHT_GATES, GatePhase.PRE_FLIGHT, now, before);
  }

  private Transition gates(Saga s, Stage stage, GatePhase phase, Instant now, List<Message> before) {
    return await(s, stage, s.nodeIndex(), new RunGates(phase, 2, s.artifact(), s.version(), now.plus(policy.gates()), target(s)),
        policy.gates(), now, before);
  }

  private Transition greenNode(Saga s, int i, Instant now) {
    String node = s.nodes().get(i);
    Saga marked = s.with(Stage.DRAINING, i).withProgress(s.progressOf(node).status("DRAINING"));
    return await(marked, Stage.DRAINING, i, new DrainNode(node, now.plus(policy.drain())), policy.drain(), now,
        List.of(new StepStarted("draining", node)));
  }

  private Transition await(Saga s, Stage stage, int index, Command command, Duration wait, Instant now,
      List<Message> before) {
    Saga next = s.with(stage, index)
        .waitingOn(command, now.plus(wait).plus(policy.graceAfterDeadline()), now.plus(policy.resendInterval()));
    List<Message> out = new ArrayList<>(before);
    out.add(command);
    return new Transition(next, out);
  }

  private static boolean isNodeStep(Stage stage) {
    return stage == Stage.DRAINING || stage == Stage.PATCHING || stage == Stage.REJOINING;
  }

  private static boolean matches(Saga s, String artifact, String version) {
    return s.artifact().equals(artifact) && s.version().equals(version);
  }

  private static String gateReasons(Saga s, GatesEvaluated g) {
    String prefix = g.phase() + " ";
    List<String> details = s.gates().stream().filter(r -> r.startsWith(prefix) && r.contains(": FAILED"))
        .map(r -> r.substring(prefix.length())).toList();
    return details.isEmpty() ? String.join(", ", g.failedGates()) + (g.reason() == null ? "" : ": " + g.reason())
        : String.join("; ", details);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
