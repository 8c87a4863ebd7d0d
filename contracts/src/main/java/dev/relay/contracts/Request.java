package dev.relay.contracts;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** What CI and operators put on {@link Topics#REQUESTS}. */
public sealed interface Request extends Message {

  /**
   * Deploy an artifact (name and version, as signed) to the envelope's cluster. A request cannot choose its tier: the
   * orchestrator derives it from the cluster's profile and the installation's setting.
   */
  @JsonTypeName("DeployRequested")
  record DeployRequested(String artifact, String version, String requestedBy) implements Request {}

  /** Stop the envelope's deployment at its next safe point. */
  @JsonTypeName("DeploymentAbortRequested")
  record DeploymentAbortRequested(String reason, String requestedBy) implements Request {}
}
