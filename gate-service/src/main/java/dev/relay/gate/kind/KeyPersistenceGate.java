package dev.relay.gate.kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code builtin:key-persistence {cluster}}: every node must report the fingerprint of its own node key
 * ({@code nodeKeyFingerprint}) and of the company key ({@code companyKeyFingerprint}) in its /status, and the
 * company key's must equal {@code relay.company-key.fingerprint}. Passes when the share of such nodes is at least
 * Pass_Threshold (shipped: 100). A node that does not answer, or does not report either field, does not count.
 */
public final class KeyPersistenceGate implements GateKind {

  private final NodeInventory inventory;
  private final Optional<String> expected;

  public KeyPersistenceGate(NodeInventory inventory, Optional<String> expected) {
    this.inventory = inventory;
    this.expected = expected;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String cluster = call.words().get(1);
    if (expected.isEmpty()) {
      return GateOutcome.fail("relay.company-key.fingerprint is not configured; cannot tell an intact company key");
    }
    List<NodeInventory.Entry> nodes;
    try {
      nodes = inventory.of(cluster, call.timeout());
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail("node inventory of " + cluster + ": " + e.getMessage());
    }
    String want = expected.get().toLowerCase(Locale.ROOT);
    List<String> bad = new ArrayList<>();
    for (NodeInventory.Entry n : nodes) {
      if (n.status() == null) {
        bad.add(n.node() + " did not report its keys (" + n.why() + ")");
        continue;
      }
      String nodeKey = n.text("nodeKeyFingerprint");
      String company = n.text("companyKeyFingerprint");
      if (nodeKey == null || nodeKey.isBlank()) {
        bad.add(n.node() + " reports no node key (nodeKeyFingerprint missing)");
      } else if (company == null || company.isBlank()) {
        bad.add(n.node() + " does not report companyKeyFingerprint: the company key cannot be checked");
      } else if (!company.trim().toLowerCase(Locale.ROOT).equals(want)) {
        bad.add(n.node() + " has company key " + company + ", expected " + expected.get());
      }
    }
    return Percent.judge(cluster, nodes.size(), bad, call.gate().threshold(),
        "report a node key and the company key " + expected.get());
  }
}
