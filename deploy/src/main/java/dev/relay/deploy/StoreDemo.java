package dev.relay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.DeploymentSucceeded;
import dev.relay.contracts.Messages;
import dev.relay.store.release.StoreRelease;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./deploy/demo.sh store}: the Tier 1 rolling update on a store that holds real data. Starts the local stack
 * with a 3-member Hazelcast store cluster (each member its own process, one synchronous backup) on release 1.0.0,
 * loads a known set of entries, submits the signed store-node 1.1.0 as CI would, prints each step as the events
 * arrive, then counts the entries again and prints both counts. Exit 0 only when the deployment succeeded and every
 * entry is still there.
 */
public final class StoreDemo {

  static final String CLUSTER = "store-demo";
  static final String TOKEN = "demo-token";
  static final Set<String> SHOWN = Set.of("DeploymentStarted", "GatePassed", "GateFailed", "ArtifactVerified",
      "ArtifactRejected", "NodeDrained", "NodePatched", "NodeRejoined", "RebalanceComplete", "ClusterHealthObserved",
      "NodeCommandFailed", "NodeRolledBack", "DeploymentSucceeded", "DeploymentFailed", "DeploymentAborted",
      "DeploymentRejected");
  static long t0;

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    Path home = Path.of(System.getProperty("relay.home", ".")).toAbsolutePath().normalize();
    Path dir = Path.of(env("RELAY_DEMO_DIR", home.resolve(".demo").resolve("store-" + System.currentTimeMillis()).toString()));
    int base = Integer.parseInt(env("RELAY_PORT_BASE", "18080"));
    int nodeBase = Integer.parseInt(env("RELAY_NODE_PORT_BASE", "19101"));
    int kafkaPort = Integer.parseInt(env("RELAY_KAFKA_PORT", "19092"));
    int entries = Integer.parseInt(env("RELAY_STORE_ENTRIES", "100000"));
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    LocalStack.Config config = new LocalStack.Config(home, dir, external == null || external.isBlank() ? null : external,
        kafkaPort, kafkaPort + 1,
        Map.of("orchestrator-service", base, "gate-service", base + 1, "artifact-service", base + 2,
            "node-adapter", base + 3, "compliance-watcher", base + 4),
        TOKEN, List.of(LocalStack.ClusterSetup.store(CLUSTER, "SME", 3, nodeBase, Map.of())),
        Map.of("orchestrator-service", Map.of("relay.saga.rebalance", "5m"),
            "node-adapter", Map.of("relay.node.stop-grace", "3m")));
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add("http://127.0.0.1:" + (nodeBase + i));
    }
    t0 = System.currentTimeMillis();
    int exit;
    try (LocalStack stack = new LocalStack(config)) {
      say("relay store demo: Tier 1 rolling update of a 3-member Hazelcast store holding " + entries
          + " entries; working folder " + dir);
      stack.start(StoreDemo::say);
      exit = run(stack, nodes, entries);
    }
    say("stopped every process the demo started");
    System.exit(exit);
  }

  static int run(LocalStack stack, List<String> nodes, int entries) throws Exception {
    StoreClient store = new StoreClient();
    JsonNode view = store.awaitFull(nodes, Duration.ofMinutes(2));
    say("store cluster: " + view.path("joined") + " joined, safe, " + view.path("healthPercent").asInt() + "%");
    store.load(nodes.get(0), entries);
    long before = store.present(nodes.get(2), entries);
    say("BEFORE: " + before + " of " + entries + " entries present (loaded through node-1, read through node-3)");
    store.awaitFull(nodes, Duration.ofMinutes(2));

    long started = System.currentTimeMillis();
    Fact end;
    String id;
    try (EventWatcher watcher = new EventWatcher(stack.bootstrap())) {
      watcher.onEach(StoreDemo::print);
      HttpResponse<String> submitted = stack.http().send(HttpRequest.newBuilder(URI.create(
              stack.url("orchestrator-service") + "/deployments"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"cluster\":\"" + CLUSTER + "\",\"artifact\":\""
              + StoreRelease.ARTIFACT + "\",\"version\":\"1.1.0\",\"requestedBy\":\"demo\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      say("POST /deployments -> " + submitted.statusCode() + " " + submitted.body());
      if (submitted.statusCode() != 202) {
        return 1;
      }
      id = Messages.mapper().readTree(submitted.body()).path("deploymentId").asText();
      end = watcher.awaitEnd(id, Duration.ofMinutes(10));
    }
    long seconds = (System.currentTimeMillis() - started) / 1000;
    long after = store.present(nodes.get(1), entries);
    System.out.println();
    say("deployment " + id + ": " + (end == null ? "no terminal event within 10 minutes"
        : Messages.typeName(end.getClass())) + " in " + seconds + " s");
    say("BEFORE: " + before + " entries   AFTER: " + after + " entries"
        + (after == before ? "   (every entry kept)" : "   (" + (before - after) + " LOST)"));
    say("time: " + (System.currentTimeMillis() - t0) / 1000 + " s since start");
    return end instanceof DeploymentSucceeded && after == before && before == entries ? 0 : 1;
  }

  static void print(EventWatcher.Seen s) {
    Envelope e = s.envelope();
    String type = Messages.typeName(e.payload().getClass());
    if (SHOWN.contains(type)) {
      say(type + " " + e.payload());
    }
  }

  static void say(String line) {
    System.out.printf("[%6.1fs] %s%n", (System.currentTimeMillis() - t0) / 1000.0, line);
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
