package dev.relay.gate.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArtifactSignatureGateTest {

  private final FakeHttp fake = new FakeHttp();

  @AfterEach
  void stop() {
    fake.close();
  }

  private GateOutcome judge() {
    return new ArtifactSignatureGate(Optional.of(fake.url()), Optional.of("t"), new HttpCalls())
        .judge(Gates.call("builtin:artifact-signature {artifact} {version}", "1", Duration.ofSeconds(5)));
  }

  @Test
  void verifiedPasses() {
    fake.answer(200, "{\"verified\":true,\"digest\":\"sha256:ab\",\"keyId\":\"k1\"}");
    GateOutcome o = judge();
    assertThat(o.passed()).as(o.text()).isTrue();
    assertThat(o.text()).contains("sha256:ab").contains("k1");
    assertThat(fake.lastRequest.get()).isEqualTo("POST /artifacts/chat/1.2.3/verify");
  }

  @Test
  void notVerifiedFailsWithTheReason() {
    fake.answer(200, "{\"verified\":false,\"reason\":\"signature made by unknown key\"}");
    GateOutcome o = judge();
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("signature made by unknown key");
  }

  @Test
  void unknownArtifactFails() {
    fake.answer(404, "");
    GateOutcome o = judge();
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("404");
  }

  @Test
  void answerWithoutVerifiedFails() {
    fake.answer(200, "{\"digest\":\"sha256:ab\"}");
    assertThat(judge().passed()).isFalse();
  }
}
