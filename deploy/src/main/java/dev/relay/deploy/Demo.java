package dev.relay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.*;
import dev.relay.contracts.Messages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The main job, end to end: {@code ./deploy/demo.sh [degraded]}. Starts the local stack, submits a signed 1.1.0
 * deployment to a 5-node sandbox cluster as CI would (REST), prints each node's steps as the events arrive, and ends
 * with the outcome: exit 0 when the deployment succeeded, non-zero otherwise.
 */
public final class Demo {

  static final String CLUSTER = "demo";
  static final String TOKEN = "demo-token";
  static long t0;

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    boolean degraded = args.length > 0 && args[0].equals("degraded");
    if (args.length > 0 && !degraded) {
      System.err.println("usage: demo.sh [degraded]");
      System.exit(2);
    }
    Path home = Path.of(System.getProperty("relay.home", ".")).toAbsolutePath().normalize();
    Path dir = Path.of(env("RELAY_DEMO_DIR", home.resolve(".demo").resolve("run-" + System.currentTimeMillis()).toString()));
    int base = Integer.parseInt(env("RELAY_PORT_BASE", "18080"));
    int nodeBase = Integer.parseInt(env("RELAY_NODE_PORT_BASE", "19101"));
    int kafkaPort = Integer.parseInt(env("RELAY_KAFKA_PORT", "19092"));
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    LocalStack.Config config = new LocalStack.Config(home, dir, external == null || external.isBlank() ? null : external,
        kafkaPort, kafkaPort + 1,
        Map.of("orchestrator-service", base, "gate-service", base + 1, "artifact-service", base + 2,
            "node-adapter", base + 3, "compliance-watcher", base + 4),
        TOKEN, List.of(new LocalStack.ClusterSetup(CLUSTER, "SME", 5, nodeBase, 1000, 3000)),
        Map.of("orchestrator-service", Map.of("relay.saga.rebalance", "2m")));
    t0 = System.currentTimeMillis();
    int exit;
    try (LocalStack stack = new LocalStack(config)) {
      say("relay demo: " + (degraded ? "degraded cluster, must abort with no node touched" : "Tier 1 rolling update")
          + "; working folder " + dir);
      stack.start(Demo::say);
      try (MemorySampler memory = new MemorySampler(stack::pids)) {
        exit = run(stack, degraded, memory);
      }
    }
    say("stopped every process the demo started");
    System.exit(exit);
  }

  static int run(LocalStack stack, boolean degraded, MemorySampler memory) throws Exception {
    var http = stack.http();
    if (degraded) {
      String node3 = "http://127.0.0.1:" + (Integer.parseInt(env("RELAY_NODE_PORT_BASE", "19101")) + 2);
      http.send(HttpRequest.newBuilder(URI.create(node3 + "/admin/health?percent=60&warning=disk%20errors"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      say("made node-3 unhealthy (60%, 'disk errors')");
    }
    JsonNode health = awaitHealth(stack, degraded);
    say("cluster health before the deployment: " + health.path("healthPercent").asInt() + "%");

    try (EventWatcher watcher = new EventWatcher(stack.bootstrap())) {
      watcher.onEach(Demo::print);
      HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
              + "/deployments"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"cluster\":\"" + CLUSTER + "\",\"artifact\":\"sandbox-node\","
              + "\"version\":\"1.1.0\",\"requestedBy\":\"demo\"}")).build(), HttpResponse.BodyHandlers.ofString());
      say("POST /deployments -> " + submitted.statusCode() + " " + submitted.body());
      if (submitted.statusCode() != 202) {
        return 1;
      }
      String id = Messages.mapper().readTree(submitted.body()).path("deploymentId").asText();
      Fact end = watcher.awaitEnd(id, Duration.ofMinutes(10));
      Thread.sleep(300);
      HttpResponse<String> view = http.send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
          + "/deployments/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
      JsonNode v = Messages.mapper().readTree(view.body());
      System.out.println();
      say("GET /deployments/" + id + ": " + v.path("state").asText() + " - " + v.path("reason").asText());
      for (JsonNode n : v.path("nodes")) {
        String running = nodeVersion(stack, n.path("node").asText());
        System.out.printf("    %-7s %-10s now running %s%n", n.path("node").asText(), n.path("status").asText(), running);
      }
      long drained = watcher.of(id).stream().filter(s -> s.envelope().payload() instanceof NodeDrained).count();
      List<Long> overheads = new ArrayList<>(watcher.stepOverheadsMs(id));
      Collections.sort(overheads);
      System.out.println();
      if (!overheads.isEmpty()) {
        say("orchestrator overhead, RebalanceComplete -> next DrainNode readable by node-adapter, over "
            + overheads.size() + " steps: median " + percentile(overheads, 50) + " ms, p99 " + percentile(overheads, 99)
            + " ms (max " + overheads.get(overheads.size() - 1) + " ms)");
      }
      say("peak memory of the whole stack: " + memory.peakMb() + " MB RSS over " + memory.peakProcesses()
          + " processes (broker, 5 services, sandbox nodes, this demo)");
      say("time: " + (System.currentTimeMillis() - t0) / 1000 + " s since start");
      if (end == null) {
        say("OUTCOME: no terminal event within 10 minutes");
        return 3;
      }
      if (degraded) {
        say("OUTCOME: " + Messages.typeName(end.getClass()) + "; nodes drained: " + drained
            + (end instanceof DeploymentAborted && drained == 0 ? " (aborted before touching any node, as it must)" : ""));
        return end instanceof DeploymentSucceeded ? 0 : 2;
      }
      say("OUTCOME: " + Messages.typeName(end.getClass()));
      return end instanceof DeploymentSucceeded ? 0 : 1;
    }
  }

  static JsonNode awaitHealth(LocalStack stack, boolean degraded) throws Exception {
    long end = System.currentTimeMillis() + 60_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < end) {
      HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("node-adapter")
          + "/clusters/" + CLUSTER + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
      last = Messages.mapper().readTree(r.body());
      int pct = last.path("healthPercent").asInt();
      boolean settled = last.path("rebalancing").isEmpty() && !last.path("members").isEmpty()
          && countState(last, "joining") == 0;
      if (degraded ? (pct < 100 && settled) : pct == 100) {
        return last;
      }
      Thread.sleep(300);
    }
    return last;
  }

  static long countState(JsonNode health, String state) {
    long n = 0;
    for (JsonNode m : health.path("members")) {
      if (state.equals(m.path("state").asText())) {
        n++;
      }
    }
    return n;
  }

  static String nodeVersion(LocalStack stack, String node) {
    try {
      int index = Integer.parseInt(node.replace("node-", "")) - 1;
      String url = "http://127.0.0.1:" + (Integer.parseInt(env("RELAY_NODE_PORT_BASE", "19101")) + index) + "/status";
      HttpResponse<String> r = stack.http().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      return Messages.mapper().readTree(r.body()).path("version").asText("?");
    } catch (Exception e) {
      return "(not answering)";
    }
  }

  static void print(EventWatcher.Seen s) {
    Envelope e = s.envelope();
    String line = switch (Messages.typeName(e.payload().getClass())) {
      case "DeploymentStarted" -> {
        DeploymentStarted d = (DeploymentStarted) e.payload();
        yield "deployment " + e.deploymentId() + " started: " + d.artifact() + " " + d.version() + ", tier " + d.tier()
            + " (" + d.strategy() + "), nodes " + d.nodes();
      }
      case "GatePassed" -> "gate " + ((GatePassed) e.payload()).gateId() + " passed: " + ((GatePassed) e.payload()).detail();
      case "GateFailed" -> "gate " + ((GateFailed) e.payload()).gateId() + " FAILED: " + ((GateFailed) e.payload()).reason();
      case "ArtifactVerified" -> "artifact verified: " + ((ArtifactVerified) e.payload()).digest() + " key "
          + ((ArtifactVerified) e.payload()).keyId();
      case "ArtifactRejected" -> "artifact REJECTED: " + ((ArtifactRejected) e.payload()).reason();
      case "NodeDrained" -> pad(((NodeDrained) e.payload()).node()) + "drained (was running "
          + ((NodeDrained) e.payload()).runningVersion() + ")";
      case "NodePatched" -> pad(((NodePatched) e.payload()).node()) + "patched to " + ((NodePatched) e.payload()).version();
      case "NodeRejoined" -> pad(((NodeRejoined) e.payload()).node()) + "rejoined: the cluster lists it";
      case "RebalanceComplete" -> "        cluster rebalanced: 100% healthy";
      case "ClusterHealthObserved" -> "        cluster health " + ((ClusterHealthObserved) e.payload()).healthPercent() + "%"
          + (((ClusterHealthObserved) e.payload()).warnings().isEmpty() ? "" : " " + ((ClusterHealthObserved) e.payload()).warnings());
      case "NodeCommandFailed" -> pad(((NodeCommandFailed) e.payload()).node()) + ((NodeCommandFailed) e.payload()).command()
          + " FAILED: " + ((NodeCommandFailed) e.payload()).reason();
      case "NodeRolledBack" -> pad(((NodeRolledBack) e.payload()).node()) + "rolled back to " + ((NodeRolledBack) e.payload()).version();
      case "StepStarted" -> ((StepStarted) e.payload()).node() == null || !"draining".equals(((StepStarted) e.payload()).step())
          ? null : pad(((StepStarted) e.payload()).node()) + "draining...";
      case "DeploymentSucceeded" -> "DEPLOYMENT SUCCEEDED";
      case "DeploymentFailed" -> "DEPLOYMENT FAILED: " + ((DeploymentFailed) e.payload()).reason();
      case "DeploymentAborted" -> "DEPLOYMENT ABORTED: " + ((DeploymentAborted) e.payload()).reason() + "; untouched "
          + ((DeploymentAborted) e.payload()).untouchedNodes();
      case "DeploymentRejected" -> "DEPLOYMENT REJECTED: " + ((DeploymentRejected) e.payload()).reason();
      default -> null;
    };
    if (line != null && !(e.payload() instanceof DrainNode)) {
      say(line);
    }
  }

  static String pad(String node) {
    return String.format("%-8s", node == null ? "cluster" : node);
  }

  static long percentile(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static void say(String line) {
    System.out.printf("[%6.1fs] %s%n", (System.currentTimeMillis() - t0) / 1000.0, line);
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
