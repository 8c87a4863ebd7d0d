package dev.relay.gate.kind;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * {@code http:<url>}: a GET probe. Passes on a 2xx answer; when the body is a number, that number must also be at
 * least Pass_Threshold, and when Pass_Threshold is above 0 a number is required. Any other status or no answer fails.
 */
public final class HttpProbeGate implements GateKind {

  private final HttpCalls http;

  public HttpProbeGate(HttpCalls http) {
    this.http = http;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String url = call.words().get(0);
    HttpResponse<String> r;
    try {
      r = http.get(url, Optional.empty(), call.timeout());
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail(e.getMessage());
    }
    if (r.statusCode() / 100 != 2) {
      return GateOutcome.fail("GET " + url + " answered HTTP " + r.statusCode() + ClusterHealthGate.bodyHint(r.body()));
    }
    Optional<BigDecimal> number = Numbers.parse(r.body());
    BigDecimal threshold = call.gate().threshold();
    if (number.isPresent()) {
      if (number.get().compareTo(threshold) >= 0) {
        return GateOutcome.pass("GET " + url + " answered " + r.statusCode() + " with " + number.get().toPlainString()
            + " >= threshold " + threshold.toPlainString());
      }
      return GateOutcome.fail("GET " + url + " answered " + number.get().toPlainString() + ", below the threshold "
          + threshold.toPlainString());
    }
    if (threshold.signum() > 0) {
      return GateOutcome.fail("GET " + url + " answered HTTP " + r.statusCode() + " but the threshold "
          + threshold.toPlainString() + " needs a number as the body" + ClusterHealthGate.bodyHint(r.body()));
    }
    return GateOutcome.pass("GET " + url + " answered HTTP " + r.statusCode());
  }
}
