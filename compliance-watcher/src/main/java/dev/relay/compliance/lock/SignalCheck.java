package dev.relay.compliance.lock;

import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Signal.ComplianceSignal;
import java.util.Set;

/** Decides whether a compliance signal is well formed: known kind and action, a lock id and a scope. */
public final class SignalCheck {

  public static final Set<String> KINDS = Set.of("LEGAL_HOLD", "AUDIT_EXPORT");
  public static final Set<String> ACTIONS = Set.of("START", "HEARTBEAT", "END");

  private SignalCheck() {}

  /** @throws MalformedMessageException naming the first problem */
  public static ComplianceSignal check(ComplianceSignal s) {
    if (s.lockId() == null || s.lockId().isBlank()) {
      throw new MalformedMessageException("ComplianceSignal has no lockId");
    }
    if (s.kind() == null || !KINDS.contains(s.kind())) {
      throw new MalformedMessageException("ComplianceSignal " + s.lockId() + " has unknown kind '" + s.kind()
          + "' (LEGAL_HOLD, AUDIT_EXPORT)");
    }
    if (s.action() == null || !ACTIONS.contains(s.action())) {
      throw new MalformedMessageException("ComplianceSignal " + s.lockId() + " has unknown action '" + s.action()
          + "' (START, HEARTBEAT, END)");
    }
    if (s.scope() == null || s.scope().isBlank()) {
      throw new MalformedMessageException("ComplianceSignal " + s.lockId() + " has no scope (a cluster id or \"*\")");
    }
    return s;
  }
}
