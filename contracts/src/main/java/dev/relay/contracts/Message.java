package dev.relay.contracts;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every payload. The wire carries its logical name (from {@code @JsonTypeName}) in the "type" field, never a Java
 * class name, so packages can move without breaking the wire.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface Message permits Request, Command, Fact, Signal {}
