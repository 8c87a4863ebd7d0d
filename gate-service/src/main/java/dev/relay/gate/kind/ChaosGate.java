package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code builtin:chaos {cluster} <percent>} (post-deploy): node-adapter kills ceil(percent) of the nodes of the group
 * the release went to (the request's group: the whole cluster in Tier 1, green or blue in Tier 2) with
 * SIGKILL, keeps reading and writing through the survivors while they are down, brings them back and waits until
 * every node is healthy ({@code POST /clusters/{id}/chaos}). Passes only when the answer says allHealthy, at least one
 * node was killed, at least one write was acknowledged while it was down, and the lost writes (acknowledged, then not
 * read back after the recovery) are at most Pass_Threshold (shipped: 0). A write the store refused while a member was
 * down (a real store fails writes to the dead member's partitions until it notices the loss) was never acknowledged,
 * so it is no data lost: it is counted and reported, not judged. An answer without lostWrites (an older node-adapter)
 * is judged on failedWrites, the stricter count. The call is
 * given the gate's time limit; node-adapter's own recovery deadline is that limit less a margin.
 */
public final class ChaosGate implements GateKind {

  static final Duration MARGIN = Duration.ofSeconds(3);

  private final Optional<String> nodeAdapter;
  private final Optional<String> token;
  private final Duration down;
  private final JsonCalls json;

  public ChaosGate(Optional<String> nodeAdapter, Optional<String> token, Duration down, JsonCalls json) {
    this.nodeAdapter = nodeAdapter;
    this.token = token;
    this.down = down;
    this.json = json;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String cluster = call.words().get(1);
    BigDecimal fraction = new BigDecimal(call.words().get(2)).divide(BigDecimal.valueOf(100), 6, RoundingMode.HALF_UP);
    if (nodeAdapter.isEmpty()) {
      return GateOutcome.fail("relay.node-adapter.url is not configured; cannot run chaos on " + cluster);
    }
    long deadlineMs = call.timeout().minus(MARGIN).toMillis();
    if (deadlineMs < 1000) {
      return GateOutcome.fail("the time left (" + call.timeout().toMillis() + " ms) is too short to kill and recover "
          + "nodes");
    }
    long downMs = Math.min(down.toMillis(), deadlineMs / 3);
    String url = JsonCalls.base(nodeAdapter.get()) + "/clusters/" + cluster + "/chaos?fraction="
        + fraction.stripTrailingZeros().toPlainString() + "&downMs=" + downMs + "&deadlineMs=" + deadlineMs
        + "&group=" + call.values().getOrDefault("group", "nodes");
    JsonNode r;
    try {
      r = json.post(url, token, call.timeout());
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail("chaos on " + cluster + ": " + e.getMessage());
    }
    JsonNode killed = r.get("killed");
    JsonNode writes = r.get("writes");
    JsonNode failed = r.get("failedWrites");
    JsonNode healthy = r.get("allHealthy");
    if (killed == null || !killed.isArray() || writes == null || !writes.canConvertToLong() || failed == null
        || !failed.canConvertToLong() || healthy == null || !healthy.isBoolean()) {
      return GateOutcome.fail("node-adapter's chaos answer for " + cluster + " lacks killed/writes/failedWrites/"
          + "allHealthy: " + Numbers.clip(r.toString(), 300));
    }
    long lost = r.path("lostWrites").canConvertToLong() ? r.get("lostWrites").asLong() : failed.asLong();
    long refused = Math.max(0, failed.asLong() - lost);
    long acknowledged = writes.asLong() - refused;
    String facts = "killed " + killed + ", " + writes.asLong() + " writes, " + acknowledged + " acknowledged, "
        + refused + " refused while down, " + lost + " lost, mode " + r.path("mode").asText("?") + ", "
        + r.path("seconds").asText("?") + " s";
    String reason = r.hasNonNull("reason") ? "; " + r.get("reason").asText() : "";
    if (killed.isEmpty()) {
      return GateOutcome.fail("chaos on " + cluster + " killed no node: " + facts + reason);
    }
    if (!healthy.asBoolean()) {
      return GateOutcome.fail("cluster " + cluster + " did not recover: " + facts + reason);
    }
    if (writes.asLong() <= 0) {
      return GateOutcome.fail("no writes were made while nodes were down, so none can be said not lost: " + facts);
    }
    if (acknowledged <= 0) {
      return GateOutcome.fail("no write was acknowledged while nodes were down: the cluster took no writes: " + facts
          + reason);
    }
    if (BigDecimal.valueOf(lost).compareTo(call.gate().threshold()) > 0) {
      return GateOutcome.fail("writes were lost while nodes were down: " + facts + ", more than "
          + call.gate().threshold().toPlainString() + reason);
    }
    return GateOutcome.pass("cluster " + cluster + " recovered: " + facts);
  }
}
