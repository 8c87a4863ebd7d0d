package dev.relay.gate.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import dev.relay.gate.table.HostAllowList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's configuration keys in one place. */
@ApplicationScoped
public class GateSettings {

  @ConfigProperty(name = "relay.gates-file", defaultValue = "infra-gates.csv")
  String gatesFile;

  @ConfigProperty(name = "relay.gates.call-timeout", defaultValue = "10s")
  Duration callTimeout;

  @ConfigProperty(name = "relay.node-adapter.url")
  Optional<String> nodeAdapterUrl = Optional.empty();

  @ConfigProperty(name = "relay.node-adapter.token")
  Optional<String> nodeAdapterToken = Optional.empty();

  @ConfigProperty(name = "relay.artifact-service.url")
  Optional<String> artifactServiceUrl = Optional.empty();

  @ConfigProperty(name = "relay.artifact-service.token")
  Optional<String> artifactServiceToken = Optional.empty();

  @ConfigProperty(name = "relay.api-token")
  Optional<String> apiToken = Optional.empty();

  @ConfigProperty(name = "relay.gates.defer-interval", defaultValue = "10s")
  Duration deferInterval;

  @ConfigProperty(name = "relay.gates.allowed-hosts", defaultValue = HostAllowList.LOOPBACK)
  String allowedHosts;

  @ConfigProperty(name = "relay.company-key.fingerprint")
  Optional<String> companyKeyFingerprint = Optional.empty();

  @ConfigProperty(name = "relay.compliance-watcher.url")
  Optional<String> complianceWatcherUrl = Optional.empty();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  Optional<String> kafkaBootstrap = Optional.empty();

  @ConfigProperty(name = "relay.gates.required-topics",
      defaultValue = "deploy.requests,deploy.commands.gates,deploy.commands.artifacts,deploy.commands.nodes,deploy.events")
  List<String> requiredTopics;

  @ConfigProperty(name = "relay.gates.chaos-down", defaultValue = "5s")
  Duration chaosDown;

  public String gatesFile() {
    return gatesFile;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  public Optional<String> nodeAdapterUrl() {
    return nodeAdapterUrl.filter(s -> !s.isBlank());
  }

  public Optional<String> nodeAdapterToken() {
    return nodeAdapterToken;
  }

  public Optional<String> artifactServiceUrl() {
    return artifactServiceUrl.filter(s -> !s.isBlank());
  }

  public Optional<String> artifactServiceToken() {
    return artifactServiceToken;
  }

  public Optional<String> apiToken() {
    return apiToken.filter(s -> !s.isBlank());
  }

  /** How often a failing DEFER gate is judged again, until it passes or the RunGates deadline. */
  public Duration deferInterval() {
    return deferInterval;
  }

  public HostAllowList allowedHosts() {
    return allowedHosts == null ? HostAllowList.loopback() : HostAllowList.parse(allowedHosts);
  }

  /** The expected fingerprint of the company key on every node. */
  public Optional<String> companyKeyFingerprint() {
    return companyKeyFingerprint.map(String::trim).filter(s -> !s.isBlank());
  }

  public Optional<String> complianceWatcherUrl() {
    return complianceWatcherUrl.filter(s -> !s.isBlank());
  }

  public Optional<String> kafkaBootstrap() {
    return kafkaBootstrap.filter(s -> !s.isBlank());
  }

  public List<String> requiredTopics() {
    return requiredTopics == null ? List.of() : requiredTopics.stream().map(String::trim).filter(t -> !t.isEmpty())
        .toList();
  }

  /** How long the chaos gate keeps the killed nodes down while traffic runs. */
  public Duration chaosDown() {
    return chaosDown;
  }

  /** The value of a configuration key a builtin needs, or empty when it is not configured. */
  public Optional<String> configured(String key) {
    return switch (key) {
      case "relay.node-adapter.url" -> nodeAdapterUrl();
      case "relay.artifact-service.url" -> artifactServiceUrl();
      case "relay.compliance-watcher.url" -> complianceWatcherUrl();
      case "relay.company-key.fingerprint" -> companyKeyFingerprint();
      case "kafka.bootstrap.servers" -> kafkaBootstrap();
      default -> Optional.empty();
    };
  }

  /** The service URLs the table's {node-adapter}, {artifact-service}, {compliance-watcher} stand for. */
  public Map<String, String> serviceUrls() {
    Map<String, String> m = new HashMap<>();
    nodeAdapterUrl().ifPresent(u -> m.put("node-adapter", u));
    artifactServiceUrl().ifPresent(u -> m.put("artifact-service", u));
    complianceWatcherUrl().ifPresent(u -> m.put("compliance-watcher", u));
    return m;
  }
}
