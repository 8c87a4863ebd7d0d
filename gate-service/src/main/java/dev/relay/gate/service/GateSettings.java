package dev.relay.gate.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
  Optional<String> nodeAdapterUrl;

  @ConfigProperty(name = "relay.node-adapter.token")
  Optional<String> nodeAdapterToken;

  @ConfigProperty(name = "relay.artifact-service.url")
  Optional<String> artifactServiceUrl;

  @ConfigProperty(name = "relay.artifact-service.token")
  Optional<String> artifactServiceToken;

  @ConfigProperty(name = "relay.api-token")
  Optional<String> apiToken;

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
}
