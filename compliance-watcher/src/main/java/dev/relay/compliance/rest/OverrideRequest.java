package dev.relay.compliance.rest;

/** Body of {@code POST /locks/{lockId}/override}: who releases the lock and why. */
public record OverrideRequest(String operator, String reason) {}
