package dev.relay.gate.kind;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An OS command gate. Passes when the command exits 0 and, if the last non-blank line of its stdout is a number, that
 * number is at least Pass_Threshold. When Pass_Threshold is above 0 a number is required: no number fails. With a
 * threshold of 0 or less, exit 0 alone passes. Not starting, a non-zero exit or running out of time fails.
 */
public final class CommandGate implements GateKind {

  private final Map<String, String> extraEnv;

  public CommandGate() {
    this(Map.of());
  }

  /** @param extraEnv added to every command's environment (e.g. RELAY_NODE_ADAPTER_URL) */
  public CommandGate(Map<String, String> extraEnv) {
    this.extraEnv = Map.copyOf(extraEnv);
  }

  @Override
  public GateOutcome judge(GateCall call) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("RELAY_GATE_ID", call.gate().id());
    call.values().forEach((k, v) -> env.put("RELAY_" + k.toUpperCase(Locale.ROOT), v));
    ProcessRunner.ProcessOutcome run = ProcessRunner.run(call.words(), env, call.timeout());
    return verdict(call.words().get(0), run, call.gate().threshold(), call.timeout().toMillis());
  }

  /** The verdict on a finished (or killed, or never started) command. */
  public static GateOutcome verdict(String program, ProcessRunner.ProcessOutcome run, BigDecimal threshold,
      long timeoutMillis) {
    if (run.startError() != null) {
      return GateOutcome.fail("cannot run '" + program + "': " + run.startError());
    }
    if (run.timedOut()) {
      return GateOutcome.fail("timed out after " + timeoutMillis + " ms; process " + run.pid()
          + " and its children were killed" + stderrTail(run));
    }
    String last = Numbers.lastLine(run.stdout());
    if (run.exitCode() != 0) {
      return GateOutcome.fail("'" + program + "' exited with status " + run.exitCode()
          + (last.isEmpty() ? "" : "; last output line: '" + Numbers.clip(last, 200) + "'") + stderrTail(run));
    }
    Optional<BigDecimal> number = Numbers.parse(last);
    if (number.isPresent()) {
      if (number.get().compareTo(threshold) >= 0) {
        return GateOutcome.pass("exit 0, printed " + number.get().toPlainString() + " >= threshold "
            + threshold.toPlainString());
      }
      return GateOutcome.fail("printed " + number.get().toPlainString() + ", below the threshold "
          + threshold.toPlainString());
    }
    if (threshold.signum() > 0) {
      return GateOutcome.fail("the threshold " + threshold.toPlainString()
          + " needs a number on the last line of stdout, but " + (last.isEmpty() ? "there was no output"
          : "it was '" + Numbers.clip(last, 200) + "'"));
    }
    return GateOutcome.pass("exit 0");
  }

  private static String stderrTail(ProcessRunner.ProcessOutcome run) {
    String last = Numbers.lastLine(run.stderr());
    return last.isEmpty() ? "" : "; stderr: '" + Numbers.clip(last, 300) + "'";
  }
}
