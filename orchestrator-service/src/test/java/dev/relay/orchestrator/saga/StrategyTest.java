package dev.relay.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.ClusterProfile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrategyTest {

  static Optional<ClusterProfile> plan(String plan) {
    return Optional.of(new ClusterProfile("c1", plan, "sandbox", List.of(new ClusterProfile.Node("n1", "http://x"))));
  }

  @Test
  void smeAndPersonalWithTier1RollOut() {
    assertThat(Strategy.select("c1", plan("SME"), Optional.of("1")).strategy()).isEqualTo("rolling-update");
    assertThat(Strategy.select("c1", plan("Personal"), Optional.of("1")).tier()).isEqualTo(1);
  }

  @Test
  void refusalsNameTheirReason() {
    assertThat(Strategy.select("nope", Optional.empty(), Optional.of("1")).refusal()).contains("unknown cluster 'nope'");
    assertThat(Strategy.select("c1", plan("Gold"), Optional.of("1")).refusal()).contains("plan 'Gold'");
    assertThat(Strategy.select("c1", plan("SME"), Optional.empty()).refusal()).contains("DEPLOYMENT_TIER is not set");
    assertThat(Strategy.select("c1", plan("SME"), Optional.of("x")).refusal()).contains("not 1 or 2");
    assertThat(Strategy.select("c1", plan("SME"), Optional.of("2")).refusal()).contains("must agree");
    assertThat(Strategy.select("c1", plan("Enterprise"), Optional.of("1")).refusal()).contains("must agree");
    assertThat(Strategy.select("c1", plan("Gov"), Optional.of("2")).refusal()).contains("no green nodes");
  }

  @Test
  void enterpriseAndGovWithGreenAndATrafficSwitchGoBlueGreen() {
    var profile = Optional.of(new ClusterProfile("c2", "Enterprise", "sandbox",
        List.of(new ClusterProfile.Node("blue-1", "http://b")), List.of(new ClusterProfile.Node("green-1", "http://g")),
        new ClusterProfile.Traffic("/run/haproxy.sock", "app", "http://vip")));
    var verdict = Strategy.select("c2", profile, Optional.of("2"));
    assertThat(verdict.refused()).isFalse();
    assertThat(verdict.tier()).isEqualTo(2);
    assertThat(verdict.strategy()).isEqualTo("blue-green");
    assertThat(Strategy.select("c2", profile, Optional.of("1")).refusal()).contains("must agree");
  }

  @Test
  void requestProblemsAreNamed() {
    assertThat(RequestValidator.problems(null, "sandbox-node", "1.1.0")).containsExactly("missing cluster");
    assertThat(RequestValidator.problems("c1", "sandbox-node", "1.1")).singleElement().asString().contains("bad version '1.1'");
    assertThat(RequestValidator.problems("c1", "docker.io/library/x", "1.1.0")).singleElement().asString()
        .contains("not a local artifact name");
    assertThat(RequestValidator.problems("c1", "sandbox-node", "1.1.0-rc.1")).isEmpty();
  }
}
