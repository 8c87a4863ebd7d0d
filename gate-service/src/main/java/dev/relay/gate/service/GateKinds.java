package dev.relay.gate.service;

import dev.relay.gate.kind.ArtifactSignatureGate;
import dev.relay.gate.kind.ClusterHealthGate;
import dev.relay.gate.kind.CommandGate;
import dev.relay.gate.kind.GateKind;
import dev.relay.gate.kind.HttpCalls;
import dev.relay.gate.kind.HttpProbeGate;
import dev.relay.gate.table.GateKindName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;

/** Decides which judge a gate kind gets, wired to the configured upstream services. */
@ApplicationScoped
public class GateKinds {

  @Inject
  GateSettings settings;

  private final Map<GateKindName, GateKind> kinds = new EnumMap<>(GateKindName.class);

  @PostConstruct
  void wire() {
    HttpCalls http = new HttpCalls();
    kinds.put(GateKindName.CLUSTER_HEALTH,
        new ClusterHealthGate(settings.nodeAdapterUrl(), settings.nodeAdapterToken(), http));
    kinds.put(GateKindName.ARTIFACT_SIGNATURE,
        new ArtifactSignatureGate(settings.artifactServiceUrl(), settings.artifactServiceToken(), http));
    kinds.put(GateKindName.HTTP, new HttpProbeGate(http));
    kinds.put(GateKindName.COMMAND, new CommandGate());
  }

  public GateKind of(GateKindName kind) {
    return kinds.get(kind);
  }
}
