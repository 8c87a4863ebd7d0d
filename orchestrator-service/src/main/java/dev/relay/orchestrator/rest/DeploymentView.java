package dev.relay.orchestrator.rest;

import dev.relay.orchestrator.saga.NodeProgress;
import dev.relay.orchestrator.saga.Saga;
import java.time.Instant;
import java.util.List;

/** What GET /deployments/{id} shows: state, each node's progress, and the reason for any ending. */
public record DeploymentView(
    String deploymentId,
    String cluster,
    String artifact,
    String version,
    int tier,
    String strategy,
    String state,
    boolean ended,
    String reason,
    String currentNode,
    String waitingFor,
    Instant deadline,
    String lastHealth,
    String digest,
    List<NodeProgress> nodes,
    List<String> gates,
    Instant startedAt,
    Instant updatedAt,
    Instant endedAt) {

  public static DeploymentView of(Saga s) {
    String waitingFor = s.pending() == null ? null : dev.relay.contracts.Messages.typeName(s.pending().getClass());
    return new DeploymentView(s.deploymentId(), s.clusterId(), s.artifact(), s.version(), s.tier(), s.strategy(),
        s.stage().name(), s.terminal(), s.reason(), s.terminal() ? null : s.currentNode(), waitingFor, s.deadline(),
        s.lastHealth(), s.digest(), s.progress(), s.gates(), s.startedAt(), s.updatedAt(), s.endedAt());
  }
}
