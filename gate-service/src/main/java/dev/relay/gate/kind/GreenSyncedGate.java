package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code builtin:green-synced {cluster}} (Tier 2, before the traffic switch): every node of the group the traffic is
 * about to switch to (the request's group: green, or blue once green is live) answers, is healthy (state "healthy",
 * health 100, not draining) and reports a {@code replicationLag} no greater than Pass_Threshold (shipped: 0). A group
 * without nodes, a node that does not answer, or one that does not report its lag fails: switching onto a replica
 * that may be behind could lose acknowledged writes.
 */
public final class GreenSyncedGate implements GateKind {

  private final NodeInventory inventory;

  public GreenSyncedGate(NodeInventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String cluster = call.words().get(1);
    String target = call.values().getOrDefault("group", "green");
    if (!target.equals("green") && !target.equals("blue")) {
      return GateOutcome.fail("deployment group '" + target + "' is not blue or green: there is no traffic switch to"
          + " judge (a Tier 1 deployment has none)");
    }
    String inventoryGroup = target.equals("green") ? "green" : "nodes"; // blue is the profile's nodes
    List<NodeInventory.Entry> green;
    try {
      green = inventory.of(cluster, call.timeout()).stream().filter(n -> inventoryGroup.equals(n.group())).toList();
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail("node inventory of " + cluster + ": " + e.getMessage());
    }
    if (green.isEmpty()) {
      return GateOutcome.fail("cluster " + cluster + " has no " + target + " nodes in its profile; nothing to switch"
          + " to");
    }
    BigDecimal maxLag = call.gate().threshold();
    List<String> bad = new ArrayList<>();
    List<String> lags = new ArrayList<>();
    for (NodeInventory.Entry n : green) {
      if (n.status() == null) {
        bad.add(n.node() + " does not answer (" + n.why() + ")");
        continue;
      }
      String state = n.text("state");
      int health = n.status().path("health").asInt(-1);
      if (!"healthy".equals(state) || health != 100 || n.status().path("draining").asBoolean(false)) {
        bad.add(n.node() + " is not healthy (state " + state + ", health " + health + ", draining "
            + n.status().path("draining").asBoolean(false) + ")");
      }
      JsonNode lag = n.status().get("replicationLag");
      if (lag == null || !lag.isNumber()) {
        bad.add(n.node() + " does not report a numeric replicationLag");
      } else if (lag.decimalValue().compareTo(maxLag) > 0) {
        bad.add(n.node() + " replication lag " + lag.asText() + " > " + maxLag.toPlainString());
      } else {
        lags.add(n.node() + " lag " + lag.asText());
      }
    }
    if (!bad.isEmpty()) {
      return GateOutcome.fail(target + " of " + cluster + " not ready to take traffic: "
          + Numbers.clip(String.join("; ", bad), 600));
    }
    return GateOutcome.pass(target + " of " + cluster + " healthy, " + String.join(", ", lags) + " <= "
        + maxLag.toPlainString());
  }
}
