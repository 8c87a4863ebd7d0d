package dev.relay.gate.rest;

import dev.relay.contracts.GatePhase;

/** The body of POST /gates/evaluate; {@code group}: the group a Tier 2 release went to (blue or green; green if absent). */
public record EvaluateBody(String cluster, Integer tier, GatePhase phase, String artifact, String version,
    String group) {}
