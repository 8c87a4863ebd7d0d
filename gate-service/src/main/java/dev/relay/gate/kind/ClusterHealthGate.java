package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * {@code builtin:cluster-health {cluster}}: asks node-adapter for the cluster's health and passes when the integer
 * healthPercent is at least Pass_Threshold. No answer, a non-200 answer or one without an integer healthPercent fails.
 */
public final class ClusterHealthGate implements GateKind {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<String> baseUrl;
  private final Optional<String> token;
  private final HttpCalls http;

  public ClusterHealthGate(Optional<String> baseUrl, Optional<String> token, HttpCalls http) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = http;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String cluster = call.words().get(1);
    if (baseUrl.isEmpty() || baseUrl.get().isBlank()) {
      return GateOutcome.fail("relay.node-adapter.url is not configured; cannot ask for the health of " + cluster);
    }
    String url = stripSlash(baseUrl.get()) + "/clusters/" + cluster + "/health";
    HttpResponse<String> r;
    try {
      r = http.get(url, token, call.timeout());
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail("node-adapter health of cluster " + cluster + ": " + e.getMessage());
    }
    if (r.statusCode() != 200) {
      return GateOutcome.fail("node-adapter answered HTTP " + r.statusCode() + " for the health of cluster " + cluster
          + bodyHint(r.body()));
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (Exception e) {
      return GateOutcome.fail("node-adapter's health answer for cluster " + cluster + " is not JSON"
          + bodyHint(r.body()));
    }
    JsonNode hp = body == null ? null : body.get("healthPercent");
    if (hp == null || !hp.isIntegralNumber()) {
      return GateOutcome.fail("node-adapter's health answer for cluster " + cluster + " has no integer healthPercent"
          + bodyHint(r.body()));
    }
    BigDecimal threshold = call.gate().threshold();
    int percent = hp.asInt();
    if (BigDecimal.valueOf(percent).compareTo(threshold) >= 0) {
      return GateOutcome.pass("cluster " + cluster + " health " + percent + "% >= " + threshold.toPlainString() + "%");
    }
    StringBuilder reason = new StringBuilder("cluster " + cluster + " health is " + percent
        + "%, below the threshold " + threshold.toPlainString() + "%");
    appendIfPresent(reason, body, "notHealthy", "not healthy");
    appendIfPresent(reason, body, "warnings", "warnings");
    appendIfPresent(reason, body, "reason", "reason");
    return GateOutcome.fail(reason.toString());
  }

  private static void appendIfPresent(StringBuilder sb, JsonNode body, String field, String label) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull() || (n.isContainerNode() && n.isEmpty()) || (n.isTextual() && n.asText().isBlank())) {
      return;
    }
    sb.append("; ").append(label).append(": ").append(Numbers.clip(n.isTextual() ? n.asText() : n.toString(), 300));
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static String bodyHint(String body) {
    String b = Numbers.clip(body, 200);
    return b.isEmpty() ? "" : ": " + b;
  }
}
