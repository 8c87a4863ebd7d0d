package dev.relay.sandbox.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterViewBuilderTest {

  static Map<String, Object> member(String id, String state, int health, boolean draining, boolean reachable,
      List<String> warnings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("state", state);
    m.put("health", health);
    m.put("draining", draining);
    m.put("reachable", reachable);
    m.put("warnings", new ArrayList<>(warnings));
    return m;
  }

  @Test
  void fourHealthyAndOneAt85Gives97WithTheWarning() {
    List<Map<String, Object>> members = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      members.add(member("node-" + i, "healthy", 100, false, true, List.of()));
    }
    members.add(member("node-5", "healthy", 85, false, true, List.of("disk slow")));
    Map<String, Object> view = ClusterViewBuilder.summarize(members);
    assertThat(view.get("healthPercent")).isEqualTo(97);
    assertThat(view.get("notHealthy")).isEqualTo(List.of("node-5"));
    assertThat(view.get("warnings")).isEqualTo(List.of("node-5: disk slow"));
  }

  @Test
  void rebalancingDrainingJoiningAndDownMembersLowerTheScore() {
    List<Map<String, Object>> members = List.of(
        member("a", "healthy", 100, false, true, List.of()),
        member("b", "rebalancing", 100, false, true, List.of()),
        member("c", "healthy", 100, true, true, List.of()),
        member("d", "down", 0, false, false, List.of()),
        member("e", "joining", 100, false, true, List.of()));
    Map<String, Object> view = ClusterViewBuilder.summarize(new ArrayList<>(members));
    assertThat(view.get("healthPercent")).isEqualTo(30);
    assertThat(view.get("joined")).isEqualTo(List.of("a", "b", "c"));
    assertThat(view.get("rebalancing")).isEqualTo(List.of("b"));
    assertThat(view.get("notHealthy")).isEqualTo(List.of("b", "c", "d", "e"));
    assertThat(view.get("warnings")).isEqualTo(List.of("d: unreachable"));
  }

  @Test
  void jsonRoundTrips() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a \"quoted\"\nline");
    m.put("n", 42L);
    m.put("b", true);
    m.put("l", List.of("x", 1L));
    m.put("z", null);
    assertThat(Json.parse(Json.write(m))).isEqualTo(m);
  }
}
