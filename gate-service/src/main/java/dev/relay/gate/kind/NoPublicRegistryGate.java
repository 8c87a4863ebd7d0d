package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.gate.table.HostAllowList;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code builtin:no-public-registry {artifact} {version}}: nothing of this deployment may come from, or point at, a
 * host outside {@code relay.gates.allowed-hosts}. Counts the references that break that: the artifact name or version
 * written as a registry reference ({@code host:name}, {@code name@digest}), the artifact not held in the local
 * registry (artifact-service has no record of it), a URL in that record with a host off the list, an upstream this
 * service calls (node-adapter, artifact-service, compliance-watcher, the Kafka bootstrap servers) off the list.
 * Passes when the count is at most Pass_Threshold (shipped: 0).
 */
public final class NoPublicRegistryGate implements GateKind {

  private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s'\"]+");

  private final Optional<String> artifactService;
  private final Optional<String> token;
  private final HostAllowList allowed;
  private final Map<String, String> upstreamUrls;
  private final Optional<String> kafkaBootstrap;
  private final JsonCalls json;

  public NoPublicRegistryGate(Optional<String> artifactService, Optional<String> token, HostAllowList allowed,
      Map<String, String> upstreamUrls, Optional<String> kafkaBootstrap, JsonCalls json) {
    this.artifactService = artifactService;
    this.token = token;
    this.allowed = allowed;
    this.upstreamUrls = Map.copyOf(upstreamUrls);
    this.kafkaBootstrap = kafkaBootstrap;
    this.json = json;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String artifact = call.words().get(1);
    String version = call.words().get(2);
    List<String> found = new ArrayList<>();
    if (artifact.contains(":") || artifact.contains("@") || artifact.contains("/")) {
      found.add("artifact name '" + artifact + "' is a registry reference, not a name in the local registry");
    }
    if (version.contains(":") || version.contains("@") || version.contains("/")) {
      found.add("version '" + version + "' is a registry reference (tag or digest), not a version");
    }
    upstreamUrls.forEach((name, url) -> allowed.refusal(url).ifPresent(r -> found.add("relay." + name + ".url: " + r)));
    kafkaBootstrap.flatMap(allowed::refusalOfHostPorts).ifPresent(r -> found.add("kafka.bootstrap.servers: " + r));
    if (artifactService.isEmpty()) {
      found.add("relay.artifact-service.url is not configured: the artifact's source cannot be checked");
    } else {
      try {
        JsonNode record = json.get(JsonCalls.base(artifactService.get()) + "/artifacts/" + artifact + "/" + version,
            token, call.timeout());
        urlsIn(record, found);
      } catch (HttpCalls.CallFailed e) {
        found.add(artifact + "@" + version + " is not in the local registry: " + e.getMessage());
      }
    }
    BigDecimal max = call.gate().threshold();
    if (BigDecimal.valueOf(found.size()).compareTo(max) > 0) {
      return GateOutcome.fail(found.size() + " reference(s) outside the local registry and allowed hosts "
          + allowed.hosts() + ": " + Numbers.clip(String.join("; ", found), 600));
    }
    return GateOutcome.pass(artifact + "@" + version + " comes from the local registry; every upstream is on "
        + allowed.hosts() + (found.isEmpty() ? "" : " (" + found.size() + " tolerated: " + String.join("; ", found)
        + ")"));
  }

  private void urlsIn(JsonNode n, List<String> found) {
    if (n.isTextual()) {
      Matcher m = URL.matcher(n.asText());
      while (m.find()) {
        if (m.group().regionMatches(true, 0, "file:", 0, 5)) {
          continue; // a local file, not a registry
        }
        allowed.refusal(m.group()).ifPresent(r -> found.add("the artifact record names " + r));
      }
    } else if (n.isContainerNode()) {
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        urlsIn(it.next(), found);
      }
    }
  }
}
