package dev.relay.orchestrator.saga;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.relay.contracts.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole state of one deployment: everything the transition needs, nothing it must look up. Stored per cluster
 * (the active one) and per deployment id (the view).
 *
 * @param pending the command the saga is waiting on, re-sent every resend interval until answered or its deadline
 * @param deadline when the current wait ends (null in a terminal stage)
 * @param gates the gate results received, "phase gateId: PASSED|FAILED detail"
 * @param lastHealth the last cluster health observed while waiting, for reasons a person can act on
 * @param abortRequested an operator asked to stop; honoured at the next safe point
 * @param trafficOn Tier 2: the group the virtual IP serves from now ("blue" or "green")
 * @param target Tier 2: the idle group this deployment patches and switches to (null in older records: "green")
 */
public record Saga(
    String deploymentId,
    String clusterId,
    String artifact,
    String version,
    int tier,
    String strategy,
    List<String> nodes,
    Stage stage,
    int nodeIndex,
    String digest,
    List<NodeProgress> progress,
    Message pending,
    Instant deadline,
    Instant resendAt,
    List<String> gates,
    String lastHealth,
    String abortRequested,
    String failureReason,
    String reason,
    List<String> locks,
    String trafficOn,
    String target,
    Instant startedAt,
    Instant updatedAt,
    Instant endedAt) {

  public Saga {
    nodes = List.copyOf(nodes);
    progress = List.copyOf(progress);
    gates = gates == null ? List.of() : List.copyOf(gates);
    locks = locks == null ? List.of() : List.copyOf(locks);
  }

  @JsonIgnore
  public boolean terminal() {
    return stage.terminal();
  }

  /** The node the saga is at, or null before the first / after the last. */
  @JsonIgnore
  public String currentNode() {
    return nodeIndex >= 0 && nodeIndex < nodes.size() ? nodes.get(nodeIndex) : null;
  }

  public NodeProgress progressOf(String node) {
    return progress.stream().filter(p -> p.node().equals(node)).findFirst().orElseThrow();
  }

  /** Nodes from index i on, i.e. those this deployment has not touched if it ends now at i. */
  public List<String> nodesFrom(int i) {
    return i >= nodes.size() ? List.of() : List.copyOf(nodes.subList(Math.max(0, i), nodes.size()));
  }

  // ---- withers: the transition builds new states from old ones ----

  Saga with(Stage newStage, int newIndex) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, newStage, newIndex, digest,
        progress, pending, deadline, resendAt, gates, lastHealth, abortRequested, failureReason, reason, locks, trafficOn, target, startedAt,
        updatedAt, endedAt);
  }

  Saga waitingOn(Message command, Instant newDeadline, Instant newResendAt) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        progress, command, newDeadline, newResendAt, gates, lastHealth, abortRequested, failureReason, reason, locks,
        trafficOn, target, startedAt, updatedAt, endedAt);
  }

  Saga withDigest(String newDigest) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, newDigest,
        progress, pending, deadline, resendAt, gates, lastHealth, abortRequested, failureReason, reason, locks, trafficOn, target, startedAt,
        updatedAt, endedAt);
  }

  Saga withProgress(NodeProgress p) {
    List<NodeProgress> list = new ArrayList<>(progress);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).node().equals(p.node())) {
        list.set(i, p);
      }
    }
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        list, pending, deadline, resendAt, gates, lastHealth, abortRequested, failureReason, reason, locks, trafficOn, target, startedAt,
        updatedAt, endedAt);
  }

  Saga withGate(String result) {
    List<String> list = new ArrayList<>(gates);
    list.add(result);
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        progress, pending, deadline, resendAt, list, lastHealth, abortRequested, failureReason, reason, locks, trafficOn, target, startedAt,
        updatedAt, endedAt);
  }

  Saga withLastHealth(String health) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        progress, pending, deadline, resendAt, gates, health, abortRequested, failureReason, reason, locks, trafficOn, target, startedAt,
        updatedAt, endedAt);
  }

  Saga withAbortRequested(String why) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        progress, pending, deadline, resendAt, gates, lastHealth, why, failureReason, reason, locks, trafficOn, target, startedAt, updatedAt,
        endedAt);
  }

  Saga withFailureReason(String why) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        progress, pending, deadline, resendAt, gates, lastHealth, abortRequested, why, reason, locks, trafficOn, target, startedAt, updatedAt,
        endedAt);
  }

  Saga withLocks(List<String> held) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        progress, pending, deadline, resendAt, gates, lastHealth, abortRequested, failureReason, reason, held,
        trafficOn, target, startedAt, updatedAt, endedAt);
  }

  Saga withTrafficOn(String group) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        progress, pending, deadline, resendAt, gates, lastHealth, abortRequested, failureReason, reason, locks,
        group, target, startedAt, updatedAt, endedAt);
  }

  Saga updated(Instant at) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, stage, nodeIndex, digest,
        progress, pending, deadline, resendAt, gates, lastHealth, abortRequested, failureReason, reason, locks, trafficOn, target, startedAt,
        at, endedAt);
  }

  Saga ended(Stage end, String why, Instant at) {
    return new Saga(deploymentId, clusterId, artifact, version, tier, strategy, nodes, end, nodeIndex, digest,
        progress, null, null, null, gates, lastHealth, abortRequested, failureReason, why, locks, trafficOn, target, startedAt, at, at);
  }
}
