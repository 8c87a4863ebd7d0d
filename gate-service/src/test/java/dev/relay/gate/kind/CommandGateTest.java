package dev.relay.gate.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandGateTest {

  private static final Duration TEN_S = Duration.ofSeconds(10);
  private final CommandGate gate = new CommandGate();

  @Test
  void exitZeroPasses() {
    GateOutcome o = gate.judge(Gates.call("true", "0", TEN_S));
    assertThat(o.passed()).as(o.text()).isTrue();
  }

  @Test
  void exitOneFails() {
    GateOutcome o = gate.judge(Gates.call("sh -c 'echo broken >&2; exit 1'", "0", TEN_S));
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("exited with status 1").contains("broken");
  }

  @Test
  void missingProgramFails() {
    GateOutcome o = gate.judge(Gates.call("/no/such/program-relay --x", "0", TEN_S));
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("cannot run '/no/such/program-relay'");
  }

  @Test
  void sleepBeyondTheTimeoutFailsAndTheProcessIsGone() {
    ProcessRunner.ProcessOutcome run = ProcessRunner.run(List.of("sleep", "30"), Map.of(), Duration.ofSeconds(1));
    assertThat(run.timedOut()).isTrue();
    assertThat(run.pid()).isPositive();
    Optional<ProcessHandle> handle = ProcessHandle.of(run.pid());
    assertThat(handle.map(ProcessHandle::isAlive).orElse(false)).as("sleep process still alive").isFalse();
    GateOutcome o = CommandGate.verdict("sleep", run, BigDecimal.ZERO, 1000);
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("timed out");
  }

  @Test
  void judgeKillsOnTimeout() {
    GateOutcome o = gate.judge(Gates.call("sleep 30", "0", Duration.ofSeconds(1)));
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("timed out after 1000 ms");
  }

  @Test
  void numberBelowThresholdFailsAboveOrEqualPasses() {
    GateOutcome low = gate.judge(Gates.call("echo 4", "5", TEN_S));
    assertThat(low.passed()).isFalse();
    assertThat(low.text()).contains("printed 4, below the threshold 5");
    GateOutcome high = gate.judge(Gates.call("sh -c 'echo checking; echo 7'", "5", TEN_S));
    assertThat(high.passed()).as(high.text()).isTrue();
    GateOutcome equal = gate.judge(Gates.call("echo 97%", "97", TEN_S));
    assertThat(equal.passed()).as(equal.text()).isTrue();
  }

  @Test
  void garbageOutputWithNumericThresholdFails() {
    GateOutcome o = gate.judge(Gates.call("echo lots", "1", TEN_S));
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("needs a number").contains("lots");
    GateOutcome silent = gate.judge(Gates.call("true", "1", TEN_S));
    assertThat(silent.passed()).isFalse();
    assertThat(silent.text()).contains("no output");
  }

  @Test
  void placeholdersAreSingleArgumentsAndExported() {
    GateOutcome o = gate.judge(Gates.call(
        "sh -c 'test \"$1\" = c1 && test \"$RELAY_ARTIFACT\" = chat && echo 1' gate {cluster}", "1", TEN_S));
    assertThat(o.passed()).as(o.text()).isTrue();
  }
}
