package dev.relay.orchestrator.streams;

import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.ComplianceLockAcquired;
import dev.relay.contracts.Fact.ComplianceLockStale;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The compliance locks that hold a cluster: its own and the global ones ("*"), described for people. */
final class HeldLocks {

  static List<String> on(ReadOnlyKeyValueStore<String, String> locks, String clusterId) {
    List<String> held = new ArrayList<>();
    try (KeyValueIterator<String, String> it = locks.all()) {
      it.forEachRemaining(kv -> {
        Envelope e;
        try {
          e = Messages.read(kv.value);
        } catch (MalformedMessageException ex) {
          // an unreadable lock record still holds: fail closed
          held.add(kv.key + " (unreadable lock record: " + ex.getMessage() + ")");
          return;
        }
        String lockId;
        String kind;
        String scope;
        if (e.payload() instanceof ComplianceLockAcquired a) {
          lockId = a.lockId();
          kind = a.kind();
          scope = a.scope();
        } else if (e.payload() instanceof ComplianceLockStale st) {
          lockId = st.lockId();
          kind = st.kind() + ", heartbeats stopped";
          scope = st.scope();
        } else {
          return;
        }
        if ("*".equals(scope) || clusterId.equals(scope)) {
          held.add(lockId + " (" + kind + " on " + scope + ")");
        }
      });
    }
    held.sort(String::compareTo);
    return held;
  }

  private HeldLocks() {}
}
