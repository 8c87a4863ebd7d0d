package dev.relay.node.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading HAProxy's server status as the switch and the stability watch need it. */
class ServerStatTest {

  static ServerStat stat(String status, String check) {
    return new ServerStat("green-2", status, check, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void aCheckInProgressKeepsItsLastResult() {
    // seen over a real HAProxy 2.6: "* L7OK" while the next check of a healthy server runs
    assertThat(stat("UP", "* L7OK").serving()).isTrue();
    assertThat(stat("UP", "* L7OK").checkPassed()).isTrue();
    assertThat(stat("UP", "* L7OK").describe()).contains("(L7OK)");
    assertThat(stat("UP", "* L4CON").serving()).isFalse();
  }

  @Test
  void servingMeansUpWithAPassedCheck() {
    assertThat(stat("UP", "L7OK").serving()).isTrue();
    assertThat(stat("no check", "").serving()).isTrue();
    assertThat(stat("UP", "INI").serving()).isFalse();
    assertThat(stat("UP 1/2", "L7STS").serving()).isFalse();
    assertThat(stat("DOWN", "L4CON").serving()).isFalse();
    assertThat(stat("DRAIN", "L7OK").serving()).isFalse();
    assertThat(stat("DRAIN", "L7OK").checkPassed()).isTrue();
    assertThat(stat("MAINT", "").maint()).isTrue();
    assertThat(stat("UP", null).checkStatus()).isEmpty();
  }
}
