package dev.relay.gate.service;

import dev.relay.contracts.GatePhase;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What to judge: the target cluster, tier, phase, artifact and version, and the deadline (null: none beyond the
 * per-gate timeout). Decides the placeholder values a gate command is filled from.
 */
public record GateRequest(String cluster, int tier, GatePhase phase, String artifact, String version, Instant deadline) {

  /** The placeholder values; absent ones are left out, so a gate that needs them fails naming the placeholder. */
  public Map<String, String> values() {
    Map<String, String> v = new HashMap<>();
    put(v, "cluster", cluster);
    put(v, "artifact", artifact);
    put(v, "version", version);
    put(v, "tier", String.valueOf(tier));
    put(v, "phase", phase == null ? null : phase.name());
    return v;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v);
    }
  }
}
