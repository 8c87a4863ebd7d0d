package dev.relay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Command.WatchStability;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.DeploymentRolledBack;
import dev.relay.contracts.Fact.DeploymentSucceeded;
import dev.relay.contracts.Fact.TrafficSwitched;
import dev.relay.contracts.Messages;
import dev.relay.sandbox.traffic.LoadGenerator;
import dev.relay.sandbox.traffic.LoadReport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tier 2 end to end: {@code ./deploy/demo.sh tier2 [breach]}. Starts the local stack with an Enterprise cluster of
 * three blue and three green sandbox nodes behind a real HAProxy, sends steady keep-alive load and one long streaming
 * read through HAProxy, submits a signed 1.1.0 deployment and prints the saga's steps, then the load's counts (failed
 * requests, connection resets, non-2xx answers), latency percentiles before, during and after the switch, and the
 * time from the switch command to every new request being served by green. {@code breach} degrades a green node
 * during the stability window: the saga switches back to blue at once, still without a failed request. Exit 0 when
 * the expected ending came with zero failed, reset or non-2xx requests and the stream finished whole.
 */
public final class TierTwoDemo {

  static final String CLUSTER = "demo-bg";
  static final String TOKEN = "demo-token";

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    boolean breach = args.length > 0 && args[0].equals("breach");
    if (args.length > 0 && !breach) {
      System.err.println("usage: demo.sh tier2 [breach]");
      System.exit(2);
    }
    Path home = Path.of(System.getProperty("relay.home", ".")).toAbsolutePath().normalize();
    Path dir = Path.of(Demo.env("RELAY_DEMO_DIR",
        home.resolve(".demo").resolve("run-bg-" + System.currentTimeMillis()).toString()));
    int base = Integer.parseInt(Demo.env("RELAY_PORT_BASE", "18080"));
    int nodeBase = Integer.parseInt(Demo.env("RELAY_NODE_PORT_BASE", "19101"));
    int kafkaPort = Integer.parseInt(Demo.env("RELAY_KAFKA_PORT", "19092"));
    String window = Demo.env("RELAY_STABILITY_WINDOW", "15s");
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    LocalStack.Config config = new LocalStack.Config(home, dir,
        external == null || external.isBlank() ? null : external, kafkaPort, kafkaPort + 1,
        Map.of("orchestrator-service", base, "gate-service", base + 1, "artifact-service", base + 2,
            "node-adapter", base + 3, "compliance-watcher", base + 4),
        TOKEN, List.of(LocalStack.ClusterSetup.blueGreen(CLUSTER, "ENTERPRISE", 3, nodeBase, 500, 1000)),
        Map.of("orchestrator-service", Map.of("relay.tier2.stability-window", window)));
    Demo.t0 = System.currentTimeMillis();
    int exit;
    try (LocalStack stack = new LocalStack(config)) {
      Demo.say("relay demo: Tier 2 blue-green" + (breach ? " with a breach in the stability window (must roll back)"
          : "") + "; stability window " + window + " (RELAY_STABILITY_WINDOW; 5m by default in production)"
          + "; working folder " + dir);
      stack.start(Demo::say);
      try (MemorySampler memory = new MemorySampler(stack::pids)) {
        exit = run(stack, breach, memory);
      }
    }
    Demo.say("stopped every process the demo started");
    System.exit(exit);
  }

  static int run(LocalStack stack, boolean breach, MemorySampler memory) throws Exception {
    String frontend = stack.haproxy(CLUSTER).frontendUrl();
    LoadGenerator load = new LoadGenerator(new LoadGenerator.Options(frontend, 16, "/work?ms=1", 2, 10_000));
    load.start();
    Demo.say("load: 16 keep-alive connections through HAProxy " + frontend + " (GET /work?ms=1), and one 20 s stream");
    Thread.sleep(2000);
    CompletableFuture<LoadGenerator.StreamResult> stream = load.stream(20);
    AtomicLong switchSent = new AtomicLong();
    AtomicLong switchBackSent = new AtomicLong();
    try (EventWatcher watcher = new EventWatcher(stack.bootstrap())) {
      watcher.onEach(s -> {
        Demo.print(s);
        printTierTwo(s.envelope());
        if (s.envelope().payload() instanceof SwitchTraffic sw) {
          load.mark(sw.to().equals("green") ? "switch-to-green" : "switch-back");
          (sw.to().equals("green") ? switchSent : switchBackSent).compareAndSet(0, System.nanoTime());
        }
        if (s.envelope().payload() instanceof TrafficSwitched t) {
          load.mark("on-" + t.to());
        }
        if (breach && s.envelope().payload() instanceof WatchStability) {
          new Thread(() -> degradeGreen(stack), "degrade-green").start();
        }
      });
      HttpResponse<String> submitted = stack.http().send(HttpRequest.newBuilder(URI.create(
              stack.url("orchestrator-service") + "/deployments"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"cluster\":\"" + CLUSTER + "\",\"artifact\":\"sandbox-node\","
              + "\"version\":\"1.1.0\",\"requestedBy\":\"demo\"}")).build(), HttpResponse.BodyHandlers.ofString());
      Demo.say("POST /deployments -> " + submitted.statusCode() + " " + submitted.body());
      if (submitted.statusCode() != 202) {
        load.stop();
        return 1;
      }
      String id = Messages.mapper().readTree(submitted.body()).path("deploymentId").asText();
      Fact end = watcher.awaitEnd(id, Duration.ofMinutes(10));
      Thread.sleep(1000);
      load.mark("after");
      Thread.sleep(2000);
      LoadReport report = load.stop();
      LoadGenerator.StreamResult s = stream.get();
      HttpResponse<String> view = stack.http().send(HttpRequest.newBuilder(URI.create(stack.url("orchestrator-service")
          + "/deployments/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
      JsonNode v = Messages.mapper().readTree(view.body());
      System.out.println();
      Demo.say("GET /deployments/" + id + ": " + v.path("state").asText() + " - " + v.path("reason").asText());
      Demo.say("load through HAProxy: " + report.counts());
      Demo.say("  failed requests " + report.failed() + ", connection resets " + report.resets() + ", non-2xx answers "
          + report.non2xx() + (report.failed() + report.resets() + report.non2xx() > 0 ? "; first: "
          + report.firstErrors(3) : ""));
      Demo.say("stream (20 s, began before the switch on " + s.node() + "): " + (s.complete() ? "finished whole, "
          + s.linesRead() + "/" + s.linesExpected() + " lines" : "DROPPED after " + s.linesRead() + " lines: "
          + s.error()));
      System.out.printf("    %-16s %9s %8s %8s %8s %8s%n", "phase", "requests", "p50 ms", "p90 ms", "p99 ms", "max ms");
      for (LoadReport.Latency l : report.latencies()) {
        System.out.printf("    %-16s %9d %8.2f %8.2f %8.2f %8.2f%n", l.phase(), l.requests(), l.p50() / 1000.0,
            l.p90() / 1000.0, l.p99() / 1000.0, l.max() / 1000.0);
      }
      if (switchSent.get() > 0) {
        long until = switchBackSent.get() > 0 ? switchBackSent.get() : Long.MAX_VALUE;
        Demo.say("switch command to all new requests served by green: "
            + report.millisUntilOnlyServedBy(Set.copyOf(stack.greenIds(CLUSTER)), switchSent.get(), until) + " ms");
      }
      if (switchBackSent.get() > 0) {
        Demo.say("switch-back command to all new requests served by blue: "
            + report.millisUntilOnlyServedBy(Set.copyOf(stack.blueIds(CLUSTER)), switchBackSent.get(), Long.MAX_VALUE)
            + " ms");
      }
      Demo.say("peak memory of the whole stack: " + memory.peakMb() + " MB RSS over " + memory.peakProcesses()
          + " processes (broker, 5 services, 6 sandbox nodes, HAProxy not counted, this demo)");
      Demo.say("time: " + (System.currentTimeMillis() - Demo.t0) / 1000 + " s since start");
      boolean clean = report.failed() == 0 && report.resets() == 0 && report.non2xx() == 0 && s.complete();
      boolean expected = breach ? end instanceof DeploymentRolledBack : end instanceof DeploymentSucceeded;
      Demo.say("OUTCOME: " + (end == null ? "no terminal event within 10 minutes" : Messages.typeName(end.getClass()))
          + (clean ? "; zero failed, reset or non-2xx requests" : "; REQUESTS LOST (see counts)"));
      return expected && clean ? 0 : 1;
    }
  }

  static void degradeGreen(LocalStack stack) {
    try {
      Thread.sleep(3000);
      String url = stack.nodeUrl(CLUSTER, "green-1") + "/admin/health?percent=80&warning=replica%20lagging";
      stack.http().send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      Demo.say("green-1 now reports itself degraded (80%, 'replica lagging') during the stability window");
    } catch (Exception e) {
      Demo.say("could not degrade green-1: " + e);
    }
  }

  static void printTierTwo(Envelope e) {
    Object p = e.payload();
    String line = null;
    if (p instanceof Fact.StateSynced s) {
      line = "green caught up with blue's hot state (lag " + s.lag() + ")";
    } else if (p instanceof Fact.GroupHealthy g) {
      line = g.group() + " healthy (" + g.healthPercent() + "%)";
    } else if (p instanceof SwitchTraffic s) {
      line = "switching traffic to " + s.to() + "...";
    } else if (p instanceof TrafficSwitched t) {
      line = "traffic on " + t.to() + " (the switch took " + t.switchMillis() + " ms in HAProxy)";
    } else if (p instanceof Fact.StabilityConfirmed c) {
      line = "stability window passed on " + c.group() + ": " + c.requests() + " requests, " + c.errors() + " errors";
    } else if (p instanceof Fact.StabilityBreached b) {
      line = "STABILITY BREACHED on " + b.group() + ": " + b.reason();
    } else if (p instanceof Fact.ReplicationStopped) {
      line = "replication from blue stopped";
    } else if (p instanceof Fact.DeploymentDeferred d) {
      line = "DEFERRED by compliance locks " + d.locks() + " (at most until " + d.maxDeferralUntil() + ")";
    } else if (p instanceof Fact.DeploymentResumed r) {
      line = "resumed: " + r.reason();
    } else if (p instanceof Fact.DeploymentRolledBack r) {
      line = "DEPLOYMENT ROLLED BACK: " + r.reason();
    } else if (p instanceof Fact.DeploymentExpired x) {
      line = "DEPLOYMENT EXPIRED: " + x.reason();
    }
    if (line != null) {
      Demo.say(line);
    }
  }

  private TierTwoDemo() {}
}
