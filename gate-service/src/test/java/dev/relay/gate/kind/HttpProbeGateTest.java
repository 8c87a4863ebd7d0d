package dev.relay.gate.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpProbeGateTest {

  private final FakeHttp fake = new FakeHttp();

  @AfterEach
  void stop() {
    fake.close();
  }

  private GateOutcome judge(String threshold) {
    return new HttpProbeGate(new HttpCalls())
        .judge(Gates.call("http:" + fake.url() + "/probe/{cluster}", threshold, Duration.ofSeconds(5)));
  }

  @Test
  void twoHundredPassesAndNumbersMustMeetTheThreshold() {
    fake.answer(200, "ok");
    assertThat(judge("0").passed()).isTrue();
    assertThat(fake.lastRequest.get()).isEqualTo("GET /probe/c1");
    fake.answer(200, "3");
    assertThat(judge("5").passed()).isFalse();
    assertThat(judge("3").passed()).isTrue();
  }

  @Test
  void nonSuccessFails() {
    fake.answer(503, "down");
    GateOutcome o = judge("0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("HTTP 503");
  }
}
