package dev.relay.contracts;

import java.util.List;

/** Topic names. Every record on every topic is keyed by cluster id, except compliance signals (lock id). */
public final class Topics {
  /** Deploy requests and abort requests from CI and operators. */
  public static final String REQUESTS = "deploy.requests";

  /** Commands from the orchestrator to gate-service. */
  public static final String GATE_COMMANDS = "deploy.commands.gates";

  /** Commands from the orchestrator to artifact-service. */
  public static final String ARTIFACT_COMMANDS = "deploy.commands.artifacts";

  /** Commands from the orchestrator to node-adapter. */
  public static final String NODE_COMMANDS = "deploy.commands.nodes";

  /** Every fact, from every service: the dashboard's one topic. */
  public static final String EVENTS = "deploy.events";

  /** Raw signals from compliance systems, keyed by lock id. */
  public static final String COMPLIANCE_SIGNALS = "compliance.signals";

  /**
   * Lock state, compacted, keyed by lock id: the value is the envelope of the lock's ComplianceLockAcquired (or of its
   * latest ComplianceLockStale), and a release writes a tombstone (null value). A restarted reader rebuilds every held
   * lock from it; the orchestrator reads it as a global table.
   */
  public static final String COMPLIANCE_LOCKS = "compliance.locks";

  /** Records that could not be read, with the reason in a header. */
  public static String dlq(String topic) {
    return topic + ".dlq";
  }

  /** Every topic the system uses, for set-up scripts and test brokers. */
  public static List<String> all() {
    return List.of(
        REQUESTS,
        GATE_COMMANDS,
        ARTIFACT_COMMANDS,
        NODE_COMMANDS,
        EVENTS,
        COMPLIANCE_SIGNALS,
        COMPLIANCE_LOCKS,
        dlq(REQUESTS),
        dlq(GATE_COMMANDS),
        dlq(ARTIFACT_COMMANDS),
        dlq(NODE_COMMANDS),
        dlq(EVENTS),
        dlq(COMPLIANCE_SIGNALS));
  }

  /** Topics holding state, to be created with cleanup.policy=compact. */
  public static boolean compacted(String topic) {
    return COMPLIANCE_LOCKS.equals(topic);
  }

  private Topics() {}
}
