package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * {@code builtin:artifact-signature {artifact} {version}}: asks artifact-service to verify the artifact and passes
 * only on an HTTP 200 answer with {@code "verified": true}. Pass_Threshold is not used. Anything else fails.
 */
public final class ArtifactSignatureGate implements GateKind {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<String> baseUrl;
  private final Optional<String> token;
  private final HttpCalls http;

  public ArtifactSignatureGate(Optional<String> baseUrl, Optional<String> token, HttpCalls http) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = http;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String artifact = call.words().get(1);
    String version = call.words().get(2);
    String what = artifact + "@" + version;
    if (baseUrl.isEmpty() || baseUrl.get().isBlank()) {
      return GateOutcome.fail("relay.artifact-service.url is not configured; cannot verify " + what);
    }
    String url = ClusterHealthGate.stripSlash(baseUrl.get()) + "/artifacts/" + artifact + "/" + version + "/verify";
    HttpResponse<String> r;
    try {
      r = http.post(url, token, call.timeout());
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail("artifact-service verify of " + what + ": " + e.getMessage());
    }
    JsonNode body = null;
    try {
      body = JSON.readTree(r.body());
    } catch (Exception e) {
      // judged below
    }
    String reason = body != null && body.hasNonNull("reason") ? body.get("reason").asText() : null;
    if (r.statusCode() == 404) {
      return GateOutcome.fail("artifact " + what + " is unknown to artifact-service (HTTP 404)"
          + (reason == null ? "" : ": " + reason));
    }
    if (r.statusCode() != 200) {
      return GateOutcome.fail("artifact-service answered HTTP " + r.statusCode() + " verifying " + what
          + (reason == null ? ClusterHealthGate.bodyHint(r.body()) : ": " + reason));
    }
    if (body == null || !body.isObject()) {
      return GateOutcome.fail("artifact-service's answer verifying " + what + " is not a JSON object"
          + ClusterHealthGate.bodyHint(r.body()));
    }
    JsonNode verified = body.get("verified");
    if (verified == null || !verified.isBoolean()) {
      return GateOutcome.fail("artifact-service's answer verifying " + what + " has no boolean 'verified'");
    }
    if (!verified.asBoolean()) {
      return GateOutcome.fail("artifact-service did not verify " + what + ": "
          + (reason == null ? "no reason given" : reason));
    }
    return GateOutcome.pass("artifact " + what + " verified: digest " + text(body, "digest") + ", key "
        + text(body, "keyId"));
  }

  private static String text(JsonNode body, String field) {
    return body.hasNonNull(field) ? body.get(field).asText() : "?";
  }
}
