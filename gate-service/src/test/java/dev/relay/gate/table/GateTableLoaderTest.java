package dev.relay.gate.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.contracts.GatePhase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTableLoaderTest {

  private static final String HEADER = "Gate_ID,Script_Command,Pass_Threshold,Fail_Action,Deployment_Tier,Phase\n";
  private static final String GOOD = "ok,true,0,WARN,ALL,PRE_FLIGHT\n";

  @Test
  void theShippedTableLoads() {
    GateTable t = GateTableLoader.load(Path.of("src/test/resources/two-gates.csv"));
    assertThat(t.gates()).extracting(GateDefinition::id).containsExactly("cluster-health", "artifact-signature");
    GateDefinition health = t.gates().get(0);
    assertThat(health.builtin()).isEqualTo(Builtin.CLUSTER_HEALTH);
    assertThat(health.threshold()).isEqualByComparingTo("100");
    assertThat(health.failAction()).isEqualTo(FailAction.ABORT);
    assertThat(health.tier()).isEqualTo(GateTier.TIER_1);
    assertThat(health.phase()).isEqualTo(GatePhase.PRE_FLIGHT);
    GateDefinition sig = t.gates().get(1);
    assertThat(sig.builtin()).isEqualTo(Builtin.ARTIFACT_SIGNATURE);
    assertThat(sig.tier()).isEqualTo(GateTier.ALL);
    assertThat(t.applicable(GatePhase.PRE_FLIGHT, 2)).extracting(GateDefinition::id).containsExactly("artifact-signature");
    assertThat(t.applicable(GatePhase.POST_DEPLOY, 1)).isEmpty();
  }

  @Test
  void aGoodFileWithQuotedCommandsAndOptionalColumnsLoads(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("gates.csv");
    Files.writeString(f, "Gate_ID,Name,Script_Command,Pass_Threshold,Fail_Action,Deployment_Tier\n"
        + "disk,\"Disk, free\",\"sh -c 'df --output=pcent / | tail -1'\",10.5,defer,2\n"
        + "probe,,http:http://localhost:9/{cluster}/ok,0,ROLLBACK,ALL\n");
    GateTable t = GateTableLoader.load(f);
    assertThat(t.gates()).hasSize(2);
    GateDefinition disk = t.gates().get(0);
    assertThat(disk.name()).isEqualTo("Disk, free");
    assertThat(disk.template().words()).containsExactly("sh", "-c", "df --output=pcent / | tail -1");
    assertThat(disk.threshold()).isEqualTo(new BigDecimal("10.5"));
    assertThat(disk.failAction()).isEqualTo(FailAction.DEFER);
    assertThat(disk.phase()).isEqualTo(GatePhase.PRE_FLIGHT);
    assertThat(disk.line()).isEqualTo(2);
    GateDefinition probe = t.gates().get(1);
    assertThat(probe.kind()).isEqualTo(GateKindName.HTTP);
    assertThat(probe.name()).isEqualTo("probe");
    assertThat(probe.template().words()).containsExactly("http://localhost:9/{cluster}/ok");
  }

  @Test
  void missingField() {
    refused(HEADER + GOOD + "g2,true,,ABORT,1,PRE_FLIGHT\n", "line 3", "Gate_ID g2", "field Pass_Threshold is missing");
  }

  @Test
  void missingGateId() {
    refused(HEADER + ",true,1,ABORT,1,PRE_FLIGHT\n", "line 2", "Gate_ID <missing>", "field Gate_ID is missing");
  }

  @Test
  void tooFewFields() {
    refused(HEADER + "g2,true,1\n", "line 2", "Gate_ID g2", "3 fields but the header has 6");
  }

  @Test
  void unknownFailAction() {
    refused(HEADER + GOOD + "g2,true,1,EXPLODE,1,PRE_FLIGHT\n", "line 3", "Gate_ID g2", "Fail_Action 'EXPLODE'");
  }

  @Test
  void unknownTier() {
    refused(HEADER + "g2,true,1,ABORT,3,PRE_FLIGHT\n", "line 2", "Gate_ID g2", "Deployment_Tier '3'");
  }

  @Test
  void unknownPhase() {
    refused(HEADER + "g2,true,1,ABORT,1,LUNCH\n", "line 2", "Gate_ID g2", "Phase 'LUNCH'");
  }

  @Test
  void thresholdNotANumber() {
    refused(HEADER + "g2,true,lots,ABORT,1,PRE_FLIGHT\n", "line 2", "Gate_ID g2", "Pass_Threshold 'lots' is not a number");
  }

  @Test
  void aShareOfNodesThresholdOutsideZeroToHundredPercent() {
    // cluster-health at 0 would pass a cluster with no healthy node; above 100 it could never pass
    refused(HEADER + "h,builtin:cluster-health {cluster},0,ABORT,1,PRE_FLIGHT\n", "line 2", "Gate_ID h",
        "Pass_Threshold 0 is not a share of nodes for builtin:cluster-health {cluster}");
    refused(HEADER + "k,builtin:key-persistence {cluster},101,ABORT,ALL,PRE_FLIGHT\n", "line 2", "Gate_ID k",
        "Pass_Threshold 101 is not a share of nodes");
  }

  @Test
  void duplicateGateId() {
    refused(HEADER + GOOD + GOOD, "line 3", "Gate_ID ok", "field Gate_ID is a duplicate");
  }

  @Test
  void unknownPlaceholder() {
    refused(HEADER + "g2,check {node},1,ABORT,1,PRE_FLIGHT\n", "line 2", "Gate_ID g2", "Script_Command",
        "unknown placeholder {node}");
  }

  @Test
  void shellVariablesAreNotPlaceholders() {
    GateTable t = GateTableLoader.parse("t", HEADER + "g2,\"sh -c 'test -n ${HOME}'\",0,ABORT,1,\n");
    assertThat(t.gates().get(0).template().placeholders()).isEmpty();
  }

  @Test
  void unknownBuiltinAndWrongArity() {
    refused(HEADER + "g2,builtin:moon-phase,1,ABORT,1,PRE_FLIGHT\n", "line 2", "Gate_ID g2", "Script_Command",
        "unknown builtin 'builtin:moon-phase'");
    refused(HEADER + "g3,builtin:cluster-health,1,ABORT,1,PRE_FLIGHT\n", "line 2", "Gate_ID g3", "Script_Command",
        "takes 1 argument");
  }

  @Test
  void unknownColumnAndMissingRequiredColumn() {
    refused("Gate_ID,Script_Command,Pass_Threshold,Fail_Action,Tier\n", "line 1", "unknown column 'Tier'",
        "required column Deployment_Tier is missing");
  }

  @Test
  void everyProblemIsListed() {
    String text = HEADER + "a,true,x,ABORT,1,PRE_FLIGHT\n" + "b,true,1,NOPE,1,PRE_FLIGHT\n";
    refused(text, "line 2 (Gate_ID a)", "line 3 (Gate_ID b)", "2 problems");
  }

  @Test
  void emptyFileIsRefused() {
    refused("", "empty");
  }

  private static void refused(String text, String... parts) {
    assertThatThrownBy(() -> GateTableLoader.parse("test.csv", text))
        .isInstanceOf(GateTableException.class)
        .message().contains(List.of(parts));
  }
}
