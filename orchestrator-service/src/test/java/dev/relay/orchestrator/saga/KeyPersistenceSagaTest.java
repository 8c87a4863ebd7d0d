package dev.relay.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Fact.DeploymentFailed;
import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.contracts.Fact.NodePatched;
import dev.relay.contracts.Fact.NodeRejoined;
import dev.relay.contracts.Fact.NodeRolledBack;
import dev.relay.contracts.Fact.RebalanceComplete;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given/expect: the saga records each node's key fingerprints when drained and checks them after the rejoin. */
class KeyPersistenceSagaTest {

  static final List<String> THREE = RollingUpdateSagaTest.THREE;
  static final String D = SagaHarness.DIGEST;
  static final String COMPANY = "c0ffee00c0ffee00";

  private static SagaHarness rejoining(String node, String nodeKey, String companyKey) {
    SagaHarness h = RollingUpdateSagaTest.readyToRoll(THREE);
    if (!node.equals("node-1")) {
      keep(h, "node-1");
    }
    h.given(new RebalanceComplete(100))
        .given(new NodeDrained(node, "1.0.0", nodeKey, companyKey))
        .given(new NodePatched(node, "1.1.0", D, false));
    return h;
  }

  private static void keep(SagaHarness h, String node) {
    h.given(new RebalanceComplete(100))
        .given(new NodeDrained(node, "1.0.0", "k-" + node, COMPANY))
        .given(new NodePatched(node, "1.1.0", D, false))
        .given(new NodeRejoined(node, "1.1.0", "k-" + node, COMPANY));
  }

  @Test
  void keysKeptAcrossTheRestartLetTheRolloutGoOn() {
    SagaHarness h = RollingUpdateSagaTest.readyToRoll(THREE);
    for (String n : THREE) {
      keep(h, n);
      assertThat(h.state.progressOf(n).status()).isEqualTo("REJOINED");
      assertThat(h.state.progressOf(n).companyKeyFingerprint()).isEqualTo(COMPANY);
    }
    assertThat(h.sentOf(RollbackNode.class)).isEmpty();
    assertThat(h.lastOf(AwaitRebalance.class).beforeNode()).isNull();
  }

  @Test
  void aMissingCompanyKeyHaltsPutsTheNodeBackAndFails() {
    SagaHarness h = rejoining("node-2", "k-node-2", COMPANY)
        .given(new NodeRejoined("node-2", "1.1.0", "k-node-2", null));
    RollbackNode back = h.lastOf(RollbackNode.class);
    assertThat(back.node()).isEqualTo("node-2");
    assertThat(back.version()).isEqualTo("1.0.0");
    assertThat(h.state.stage()).isEqualTo(Stage.ROLLING_BACK);
    assertThat(h.sentOf(DrainNode.class)).extracting(DrainNode::node).containsExactly("node-1", "node-2");
    h.given(new NodeRolledBack("node-2", "1.0.0")).given(new RebalanceComplete(100));
    DeploymentFailed failed = h.lastOf(DeploymentFailed.class);
    assertThat(failed.reason()).contains("key persistence: node-2")
        .contains("company key missing (was " + COMPANY + ")")
        .contains("node-2 was put back on its previous release");
    assertThat(failed.untouchedNodes()).containsExactly("node-3");
    assertThat(h.state.stage()).isEqualTo(Stage.FAILED);
    assertThat(h.state.progressOf("node-2").version()).isEqualTo("1.0.0");
    assertThat(h.sentOf(DrainNode.class)).as("no further node is touched").hasSize(2);
  }

  @Test
  void aChangedNodeKeyHaltsTheRollout() {
    SagaHarness h = rejoining("node-1", "aaaa", COMPANY).given(new NodeRejoined("node-1", "1.1.0", "bbbb", COMPANY));
    assertThat(h.lastOf(RollbackNode.class).node()).isEqualTo("node-1");
    assertThat(h.state.failureReason()).contains("node key changed from aaaa to bbbb")
        .doesNotContain("company key");
  }

  @Test
  void aKeyNotReportedWhenDrainedHasNothingToCompare() {
    SagaHarness h = rejoining("node-1", null, null).given(new NodeRejoined("node-1", "1.1.0", "new", null));
    assertThat(h.sentOf(RollbackNode.class)).isEmpty();
    assertThat(h.state.progressOf("node-1").status()).isEqualTo("REJOINED");
  }

  @Test
  void keyChangeNamesEveryKey() {
    NodeProgress before = NodeProgress.pending("n").drained("1.0.0", "aa", "cc");
    assertThat(RollingUpdateSaga.keyChange(before, new NodeRejoined("n", "1.1.0", "aa", "CC"))).isNull();
    assertThat(RollingUpdateSaga.keyChange(before, new NodeRejoined("n", "1.1.0", "ab", null)))
        .contains("node key changed from aa to ab").contains("company key missing (was cc)");
  }
}
