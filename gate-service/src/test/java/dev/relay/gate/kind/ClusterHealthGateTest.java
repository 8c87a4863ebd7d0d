package dev.relay.gate.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterHealthGateTest {

  private final FakeHttp fake = new FakeHttp();
  private final HttpCalls http = new HttpCalls();

  @AfterEach
  void stop() {
    fake.close();
  }

  private GateOutcome judge(String baseUrl) {
    ClusterHealthGate gate = new ClusterHealthGate(Optional.of(baseUrl), Optional.empty(), http);
    return gate.judge(Gates.call("builtin:cluster-health {cluster}", "100", Duration.ofSeconds(5)));
  }

  @Test
  void fullHealthPasses() {
    fake.answer(200, "{\"healthPercent\":100,\"notHealthy\":[],\"warnings\":[]}");
    GateOutcome o = judge(fake.url());
    assertThat(o.passed()).as(o.text()).isTrue();
    assertThat(fake.lastRequest.get()).isEqualTo("GET /clusters/c1/health");
  }

  @Test
  void ninetySevenPercentFailsNamingTheFigureAndNodes() {
    fake.answer(200, "{\"healthPercent\":97,\"notHealthy\":[\"n2\"],\"warnings\":[],\"reason\":\"n2 rebalancing\"}");
    GateOutcome o = judge(fake.url());
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("97%").contains("below the threshold 100%").contains("n2 rebalancing");
  }

  @Test
  void serverErrorFails() {
    fake.answer(500, "boom");
    GateOutcome o = judge(fake.url());
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("HTTP 500");
  }

  @Test
  void unparsableOrMissingFigureFails() {
    fake.answer(200, "not json");
    assertThat(judge(fake.url()).passed()).isFalse();
    fake.answer(200, "{\"healthPercent\":\"100\"}");
    GateOutcome o = judge(fake.url());
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("no integer healthPercent");
  }

  @Test
  void unreachablePortFails() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GateOutcome o = judge("http://127.0.0.1:" + port);
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("unreachable");
  }

  @Test
  void unconfiguredUrlFails() {
    GateOutcome o = new ClusterHealthGate(Optional.empty(), Optional.empty(), http)
        .judge(Gates.call("builtin:cluster-health {cluster}", "100", Duration.ofSeconds(5)));
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("relay.node-adapter.url is not configured");
  }
}
