package dev.relay.gate.table;

import dev.relay.contracts.GatePhase;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * One row of the gate table, checked.
 *
 * @param id Gate_ID, unique in the table
 * @param name Name, or the id when the column is absent or empty
 * @param command Script_Command as written
 * @param template the command split into words, service placeholders filled, a relative script path resolved (for
 *     http gates the single word is the URL)
 * @param kind how the gate is judged
 * @param builtin which builtin (null unless kind is BUILTIN)
 * @param threshold Pass_Threshold
 * @param failAction Fail_Action
 * @param tier Deployment_Tier
 * @param phase Phase (PRE_FLIGHT when absent)
 * @param timeout the Timeout column: this gate's per-call limit (null: relay.gates.call-timeout)
 * @param line the line of the table file the row starts on
 */
public record GateDefinition(
    String id,
    String name,
    String command,
    CommandTemplate template,
    GateKindName kind,
    Builtin builtin,
    BigDecimal threshold,
    FailAction failAction,
    GateTier tier,
    GatePhase phase,
    Duration timeout,
    int line) {

  /** True when a RunGates for this phase and tier must judge this gate. */
  public boolean appliesTo(GatePhase phase, int tier) {
    return this.phase == phase && this.tier.appliesTo(tier);
  }

  /** "builtin:chaos", "http", "command". */
  public String kindLabel() {
    return kind == GateKindName.BUILTIN ? "builtin:" + builtin.builtinName() : kind.name().toLowerCase();
  }
}
