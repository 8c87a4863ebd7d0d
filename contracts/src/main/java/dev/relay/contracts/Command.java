package dev.relay.contracts;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * What the orchestrator asks of one service. Every command states a desired end, so a redelivered or re-sent command
 * is harmless: the receiver checks the current state first and reports the fact again if it already holds.
 */
public sealed interface Command extends Message {

  /** The topic that carries this command. */
  String topic();

  /**
   * Run every gate of the table that applies to this tier and phase; answer GatePassed/GateFailed per gate, then
   * GatesEvaluated. {@code group}: the group a Tier 2 release goes to ("green", or "blue" once green is live), which
   * the switch and post-deploy gates judge; null for Tier 1 (the whole cluster) and in records written before it
   * existed (then a Tier 2 one means "green").
   */
  @JsonTypeName("RunGates")
  record RunGates(GatePhase phase, int tier, String artifact, String version, Instant deadline, String group)
      implements Command {
    /** Tier 1, or a record written before {@code group} existed. */
    public RunGates(GatePhase phase, int tier, String artifact, String version, Instant deadline) {
      this(phase, tier, artifact, version, deadline, null);
    }

    public String topic() {
      return Topics.GATE_COMMANDS;
    }
  }

  /** Establish that artifact name@version is in the local registry, authentic and signed for exactly that name and version. */
  @JsonTypeName("VerifyArtifact")
  record VerifyArtifact(String artifact, String version) implements Command {
    public String topic() {
      return Topics.ARTIFACT_COMMANDS;
    }
  }

  /** Marker for the commands node-adapter carries out. */
  sealed interface NodeCommand extends Command {
    Instant deadline();

    default String topic() {
      return Topics.NODE_COMMANDS;
    }
  }

  /** Desired end: the node takes no new requests and has none in flight. Answer: NodeDrained. */
  @JsonTypeName("DrainNode")
  record DrainNode(String node, Instant deadline) implements NodeCommand {}

  /**
   * Desired end: the node's current release is the artifact with this digest (fetched from the local registry, bytes
   * hashed on arrival, unpacked into a new release folder, switched to). The node is left stopped if it had to be
   * switched. Answer: NodePatched.
   */
  @JsonTypeName("PatchNode")
  record PatchNode(String node, String artifact, String version, String digest, Instant deadline)
      implements NodeCommand {}

  /** Desired end: the node runs and the cluster (not just the process) lists it as joined. Answer: NodeRejoined. */
  @JsonTypeName("RejoinNode")
  record RejoinNode(String node, String version, Instant deadline) implements NodeCommand {}

  /**
   * Desired end: every node of the cluster reports healthy and none is rebalancing (100%). Sent before each drain and
   * after the last node. Answer: RebalanceComplete; ClusterHealthObserved while waiting.
   */
  @JsonTypeName("AwaitRebalance")
  record AwaitRebalance(String beforeNode, Instant deadline) implements NodeCommand {}

  // ---- Tier 2: blue-green ----

  /**
   * Desired end: every node of the group ("blue" or "green") reports healthy and none is rebalancing. Answer:
   * GroupHealthy.
   */
  @JsonTypeName("AwaitGroupHealthy")
  record AwaitGroupHealthy(String group, Instant deadline) implements NodeCommand {}

  /**
   * Desired end: the group {@code to} (the idle one a deployment patched: "green", or "blue" once green is live)
   * replicates the other group's hot state and its lag is zero. Answer: StateSynced. A record without {@code to}
   * (written before it existed) means "green".
   */
  @JsonTypeName("SyncState")
  record SyncState(String to, Instant deadline) implements NodeCommand {
    public SyncState {
      to = to == null ? "green" : to;
    }

    public SyncState(Instant deadline) {
      this("green", deadline);
    }
  }

  /**
   * Desired end: no node of the group {@code to} replicates from the other group. Safe if none ever ran. Answer:
   * ReplicationStopped. Without {@code to}: "green".
   */
  @JsonTypeName("StopReplication")
  record StopReplication(String to, Instant deadline) implements NodeCommand {
    public StopReplication {
      to = to == null ? "green" : to;
    }

    public StopReplication(Instant deadline) {
      this("green", deadline);
    }
  }

  /**
   * Desired end: the virtual IP serves new requests only from the group {@code to} ("green" or "blue"); the other
   * group's servers are drained so their open connections finish. The backend set is never empty at any moment.
   * Answer: TrafficSwitched.
   */
  @JsonTypeName("SwitchTraffic")
  record SwitchTraffic(String to, Instant deadline) implements NodeCommand {}

  /**
   * Watch the serving group for the window: the load balancer's own error counters (5xx, connection and response
   * errors) and the group's health. Answer: StabilityBreached at the first breach, else StabilityConfirmed at the end.
   */
  @JsonTypeName("WatchStability")
  record WatchStability(String group, java.time.Duration window, long maxErrors, Instant deadline)
      implements NodeCommand {}

  /**
   * Compensation. Desired end: the node runs its release of {@code version} again, serving (not drained), joined.
   * Safe whether or not the failed step ever ran. A null version means "the release it has now" (used when a drain
   * failed before the node reported its version): just undrain, start if stopped, and wait until joined. Answer:
   * NodeRolledBack.
   */
  @JsonTypeName("RollbackNode")
  record RollbackNode(String node, String version, Instant deadline) implements NodeCommand {}
}
