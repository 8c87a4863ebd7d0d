package dev.relay.gate.table;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The built-in gates: their {@code builtin:} name, the arguments they take and the configuration key they cannot
 * run without. Decides the shape a builtin row must have; the loader refuses any other.
 */
public enum Builtin {
  CLUSTER_HEALTH("cluster-health", "{cluster}", "relay.node-adapter.url"),
  ARTIFACT_SIGNATURE("artifact-signature", "{artifact} {version}", "relay.artifact-service.url"),
  KEY_PERSISTENCE("key-persistence", "{cluster}", "relay.company-key.fingerprint"),
  CHAOS("chaos", "{cluster} <percent of nodes to kill>", "relay.node-adapter.url"),
  NO_DOWNGRADE("no-downgrade", "{cluster} {version}", "relay.node-adapter.url"),
  DISK_ROOM("disk-room", "{cluster} {artifact} {version}", "relay.artifact-service.url"),
  NO_PUBLIC_REGISTRY("no-public-registry", "{artifact} {version}", "relay.artifact-service.url"),
  MESSAGE_BUS("message-bus", "", "kafka.bootstrap.servers"),
  COMPLIANCE_LOCK("compliance-lock", "{cluster}", "relay.compliance-watcher.url"),
  GREEN_SYNCED("green-synced", "{cluster}", "relay.node-adapter.url");

  private final String name;
  private final String usage;
  private final String needs;

  Builtin(String name, String usage, String needs) {
    this.name = name;
    this.usage = usage;
    this.needs = needs;
  }

  /** The word after {@code builtin:}. */
  public String builtinName() {
    return name;
  }

  /** How many arguments follow the builtin's name. */
  public int arity() {
    return usage.isEmpty() ? 0 : usage.split(" (?=[{<])").length;
  }

  /** The row's command as it must be written. */
  public String usage() {
    return ("builtin:" + name + " " + usage).trim();
  }

  /** The configuration key this gate needs (the service refuses to start without it). */
  public String needs() {
    return needs;
  }

  public static Optional<Builtin> byName(String word) {
    return Arrays.stream(values()).filter(b -> ("builtin:" + b.name).equals(word)).findFirst();
  }

  public static String known() {
    return Arrays.stream(values()).map(b -> "builtin:" + b.name).collect(Collectors.joining(", "));
  }
}
