package dev.relay.orchestrator.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.relay.contracts.Messages;
import dev.relay.orchestrator.saga.Saga;

/** Store names and the JSON form of a saga in them. */
public final class SagaStores {

  /** The active (or last) deployment of each cluster, keyed by cluster id. */
  public static final String BY_CLUSTER = "sagas-by-cluster";

  /** Every deployment, keyed by deployment id: the REST view. */
  public static final String BY_DEPLOYMENT = "sagas-by-deployment";

  /** Global: compliance.locks (lock id -> the lock's latest envelope; tombstone on release). */
  public static final String LOCKS = "compliance-locks";

  public static String write(Saga saga) {
    try {
      return Messages.mapper().writeValueAsString(saga);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store saga " + saga.deploymentId() + ": " + e.getOriginalMessage(), e);
    }
  }

  public static Saga read(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Messages.mapper().readValue(json, Saga.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored saga does not read back: " + e.getOriginalMessage(), e);
    }
  }

  private SagaStores() {}
}
