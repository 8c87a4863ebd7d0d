package dev.relay.contracts;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** Raw input from compliance systems, on {@link Topics#COMPLIANCE_SIGNALS}. */
public sealed interface Signal extends Message {

  /**
   * @param kind LEGAL_HOLD or AUDIT_EXPORT
   * @param action START, HEARTBEAT, END, or OVERRIDE (an operator's recorded release of a lock)
   * @param scope a cluster id, or "*" for every cluster
   */
  @JsonTypeName("ComplianceSignal")
  record ComplianceSignal(String lockId, String kind, String action, String scope) implements Signal {}
}
