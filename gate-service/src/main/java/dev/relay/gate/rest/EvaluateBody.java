package dev.relay.gate.rest;

import dev.relay.contracts.GatePhase;

/** The body of POST /gates/evaluate. */
public record EvaluateBody(String cluster, Integer tier, GatePhase phase, String artifact, String version) {}
