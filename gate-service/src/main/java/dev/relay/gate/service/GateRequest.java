package dev.relay.gate.service;

import dev.relay.contracts.GatePhase;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What to judge: the target cluster, tier, phase, artifact and version, the deadline (null: none beyond the per-gate
 * timeout) and the group the release went to. Decides the placeholder values a gate command is filled from:
 * {@code {group}} is that group, "blue" or "green" in Tier 2 (green when the request names none, as before it
 * existed), and "nodes", the whole cluster, in Tier 1.
 */
public record GateRequest(String cluster, int tier, GatePhase phase, String artifact, String version, Instant deadline,
    String group) {

  /** The groups a request may name. */
  public static final java.util.Set<String> GROUPS = java.util.Set.of("blue", "green");

  public GateRequest {
    if (group != null && !GROUPS.contains(group)) {
      throw new IllegalArgumentException("group must be blue or green, got '" + group + "'");
    }
  }

  public GateRequest(String cluster, int tier, GatePhase phase, String artifact, String version, Instant deadline) {
    this(cluster, tier, phase, artifact, version, deadline, null);
  }

  /** The group the gates judge: see the class comment. */
  public String targetGroup() {
    return group != null ? group : tier == 2 ? "green" : "nodes";
  }

  /** The placeholder values; absent ones are left out, so a gate that needs them fails naming the placeholder. */
  public Map<String, String> values() {
    Map<String, String> v = new HashMap<>();
    put(v, "cluster", cluster);
    put(v, "artifact", artifact);
    put(v, "version", version);
    put(v, "tier", String.valueOf(tier));
    put(v, "phase", phase == null ? null : phase.name());
    put(v, "group", targetGroup());
    return v;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v);
    }
  }
}
