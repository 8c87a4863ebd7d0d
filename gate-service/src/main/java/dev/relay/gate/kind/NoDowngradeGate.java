package dev.relay.gate.kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code builtin:no-downgrade {cluster} {version}}: the target version must be at least every node's running version
 * (semantic version precedence; the same version is allowed: a re-run changes nothing). Passes when the share of
 * nodes it does not downgrade is at least Pass_Threshold (shipped: 100). A target or a running version that is not a
 * semantic version, or a node whose version is unknown (no /status), fails: an unknown order is not "newer".
 */
public final class NoDowngradeGate implements GateKind {

  private final NodeInventory inventory;

  public NoDowngradeGate(NodeInventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String cluster = call.words().get(1);
    String target = call.words().get(2);
    Optional<SemVer> to = SemVer.parse(target);
    if (to.isEmpty()) {
      return GateOutcome.fail("target version '" + target + "' is not a semantic version; cannot rule out a "
          + "downgrade");
    }
    List<NodeInventory.Entry> nodes;
    try {
      nodes = inventory.of(cluster, call.timeout());
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail("node inventory of " + cluster + ": " + e.getMessage());
    }
    List<String> bad = new ArrayList<>();
    for (NodeInventory.Entry n : nodes) {
      String running = n.text("version");
      if (running == null) {
        bad.add(n.node() + "'s running version is unknown (" + n.why() + ")");
        continue;
      }
      Optional<SemVer> from = SemVer.parse(running);
      if (from.isEmpty()) {
        bad.add(n.node() + " runs '" + running + "', not a semantic version");
      } else if (to.get().compareTo(from.get()) < 0) {
        bad.add(n.node() + " runs " + running + ", newer than the target " + target + " (a downgrade)");
      }
    }
    return Percent.judge(cluster, nodes.size(), bad, call.gate().threshold(),
        "run a version <= the target " + target);
  }
}
