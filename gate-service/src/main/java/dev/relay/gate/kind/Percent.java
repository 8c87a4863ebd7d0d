package dev.relay.gate.kind;

import java.math.BigDecimal;
import java.util.List;

/** Decides a per-node gate: the share of nodes that pass, floored to a whole percent, against Pass_Threshold. */
final class Percent {

  private Percent() {}

  /**
   * @param what what a passing node has ("report the company key 1a2b...")
   * @param bad one reason per node that does not pass
   */
  static GateOutcome judge(String cluster, int total, List<String> bad, BigDecimal threshold, String what) {
    int good = total - bad.size();
    int percent = total == 0 ? 0 : (int) Math.floor(100.0 * good / total);
    String share = good + " of " + total + " nodes of " + cluster + " (" + percent + "%) " + what;
    if (total > 0 && BigDecimal.valueOf(percent).compareTo(threshold) >= 0) {
      return GateOutcome.pass(share + ", threshold " + threshold.toPlainString() + "%"
          + (bad.isEmpty() ? "" : "; not: " + Numbers.clip(String.join("; ", bad), 400)));
    }
    return GateOutcome.fail(share + ", below the threshold " + threshold.toPlainString() + "%: "
        + Numbers.clip(String.join("; ", bad), 600));
  }
}
