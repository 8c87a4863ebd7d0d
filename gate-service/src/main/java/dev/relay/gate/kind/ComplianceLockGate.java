package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code builtin:compliance-lock {cluster}}: asks compliance-watcher {@code GET /locks?scope={cluster}} for the locks
 * held on the cluster (its own scope or the global "*"; filtered here too, whatever the watcher did with the query).
 * Passes when at most Pass_Threshold locks hold it (shipped: 0). A watcher that does not answer, answers non-200
 * (503 while it restores its locks, 404 without the endpoint) or not a JSON array fails: an unknown lock state is
 * not "clear".
 */
public final class ComplianceLockGate implements GateKind {

  private final Optional<String> watcher;
  private final Optional<String> token;
  private final JsonCalls json;

  public ComplianceLockGate(Optional<String> watcher, Optional<String> token, JsonCalls json) {
    this.watcher = watcher;
    this.token = token;
    this.json = json;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String cluster = call.words().get(1);
    if (watcher.isEmpty()) {
      return GateOutcome.fail("relay.compliance-watcher.url is not configured; the locks on " + cluster
          + " are unknown");
    }
    JsonNode body;
    try {
      body = json.get(JsonCalls.base(watcher.get()) + "/locks?scope=" + cluster, token, call.timeout());
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail("compliance locks on " + cluster + " unknown: " + e.getMessage());
    }
    if (!body.isArray()) {
      return GateOutcome.fail("compliance-watcher's /locks answer is not a JSON array: "
          + Numbers.clip(body.toString(), 200));
    }
    List<String> holding = new ArrayList<>();
    for (JsonNode lock : body) {
      String scope = lock.path("scope").asText(null);
      if (scope == null) {
        return GateOutcome.fail("compliance-watcher listed a lock without a scope: " + Numbers.clip(lock.toString(), 200));
      }
      if (scope.equals(cluster) || scope.equals("*")) {
        holding.add(lock.path("lockId").asText("?") + " (" + lock.path("kind").asText("?") + ", scope " + scope
            + ", since " + lock.path("acquiredAt").asText("?") + ")");
      }
    }
    BigDecimal max = call.gate().threshold();
    if (BigDecimal.valueOf(holding.size()).compareTo(max) > 0) {
      return GateOutcome.fail(holding.size() + " compliance lock(s) hold " + cluster + ": "
          + Numbers.clip(String.join("; ", holding), 500));
    }
    return GateOutcome.pass(holding.isEmpty() ? "no compliance lock holds " + cluster
        : holding.size() + " lock(s), within the threshold " + max.toPlainString());
  }
}
