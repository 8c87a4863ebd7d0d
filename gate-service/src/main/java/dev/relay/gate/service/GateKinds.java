package dev.relay.gate.service;

import dev.relay.gate.kind.ArtifactSignatureGate;
import dev.relay.gate.kind.ChaosGate;
import dev.relay.gate.kind.ClusterHealthGate;
import dev.relay.gate.kind.CommandGate;
import dev.relay.gate.kind.ComplianceLockGate;
import dev.relay.gate.kind.DiskRoomGate;
import dev.relay.gate.kind.GateKind;
import dev.relay.gate.kind.GreenSyncedGate;
import dev.relay.gate.kind.HttpCalls;
import dev.relay.gate.kind.HttpProbeGate;
import dev.relay.gate.kind.JsonCalls;
import dev.relay.gate.kind.KeyPersistenceGate;
import dev.relay.gate.kind.MessageBusGate;
import dev.relay.gate.kind.NoDowngradeGate;
import dev.relay.gate.kind.NoPublicRegistryGate;
import dev.relay.gate.kind.NodeInventory;
import dev.relay.gate.table.Builtin;
import dev.relay.gate.table.GateDefinition;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Decides which judge a gate gets, wired to the configured upstream services. */
@ApplicationScoped
public class GateKinds {

  @Inject
  GateSettings settings;

  private final Map<Builtin, GateKind> builtins = new EnumMap<>(Builtin.class);
  private GateKind http;
  private GateKind command;

  @PostConstruct
  void wire() {
    wire(this, settings);
  }

  /** Wires every judge from the settings (also used by tests outside CDI). */
  public static GateKinds of(GateSettings settings) {
    GateKinds k = new GateKinds();
    k.settings = settings;
    wire(k, settings);
    return k;
  }

  private static void wire(GateKinds k, GateSettings s) {
    HttpCalls calls = new HttpCalls();
    JsonCalls json = new JsonCalls(calls);
    NodeInventory inventory = new NodeInventory(s.nodeAdapterUrl(), s.nodeAdapterToken(), json);
    Map<Builtin, GateKind> b = k.builtins;
    b.put(Builtin.CLUSTER_HEALTH, new ClusterHealthGate(s.nodeAdapterUrl(), s.nodeAdapterToken(), calls));
    b.put(Builtin.ARTIFACT_SIGNATURE,
        new ArtifactSignatureGate(s.artifactServiceUrl(), s.artifactServiceToken(), calls));
    b.put(Builtin.KEY_PERSISTENCE, new KeyPersistenceGate(inventory, s.companyKeyFingerprint()));
    b.put(Builtin.CHAOS, new ChaosGate(s.nodeAdapterUrl(), s.nodeAdapterToken(), s.chaosDown(), json));
    b.put(Builtin.NO_DOWNGRADE, new NoDowngradeGate(inventory));
    b.put(Builtin.DISK_ROOM, new DiskRoomGate(s.nodeAdapterUrl(), s.nodeAdapterToken(), s.artifactServiceUrl(),
        s.artifactServiceToken(), json));
    b.put(Builtin.NO_PUBLIC_REGISTRY, new NoPublicRegistryGate(s.artifactServiceUrl(), s.artifactServiceToken(),
        s.allowedHosts(), s.serviceUrls(), s.kafkaBootstrap(), json));
    b.put(Builtin.MESSAGE_BUS, new MessageBusGate(s.kafkaBootstrap(), s.requiredTopics()));
    b.put(Builtin.COMPLIANCE_LOCK, new ComplianceLockGate(s.complianceWatcherUrl(), java.util.Optional.empty(), json));
    b.put(Builtin.GREEN_SYNCED, new GreenSyncedGate(inventory));
    k.http = new HttpProbeGate(calls);
    Map<String, String> env = new HashMap<>();
    s.serviceUrls().forEach((name, url) -> env.put("RELAY_" + name.toUpperCase().replace('-', '_') + "_URL", url));
    k.command = new CommandGate(env);
  }

  public GateKind of(GateDefinition gate) {
    return switch (gate.kind()) {
      case BUILTIN -> builtins.get(gate.builtin());
      case HTTP -> http;
      case COMMAND -> command;
    };
  }
}
