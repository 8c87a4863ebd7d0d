package dev.relay.compliance.rest;

/** Body of {@code POST /signals}: what a compliance system reports. */
public record SignalRequest(String lockId, String kind, String action, String scope) {}
