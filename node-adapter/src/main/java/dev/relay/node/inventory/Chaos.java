package dev.relay.node.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.ClusterProfile;
import dev.relay.node.driver.ClusterView;
import dev.relay.node.service.ClusterViews;
import dev.relay.node.service.Target;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The chaos run behind the chaos-resilience gate: kills ceil(fraction x nodes) of the cluster's nodes (of its green
 * group when it has one: Tier 2 runs post-deploy gates with traffic on green) with SIGKILL
 * (the last ones of the profile), keeps writing ({@code PUT /state/{key}}) and reading back through the surviving
 * nodes for downMs, starts the killed nodes again, and waits until the cluster view is 100% with every node joined,
 * healthy and not draining, and the killed nodes answer again, at most until the deadline. Then every acknowledged
 * write is read back from the node that took it: a write whose value is gone or different is lost.
 *
 * <p>Decides that the run fails closed: no node killed, a kill that did not take, a restart the driver refused, or
 * the deadline passing before 100% all end with {@code allHealthy=false} and the reason. Every killed node is started
 * again on every ending (a node left down by the gate would itself be an outage).
 */
public final class Chaos {

  /** What one run did. failedWrites counts writes that got no 200 plus writes lost afterwards. */
  public record Result(String clusterId, List<String> killed, long writes, long failedWrites, long lostWrites,
      long reads, boolean allHealthy, String mode, double seconds, String reason, List<String> log) {}

  static final Duration POLL = Duration.ofMillis(250);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

  private final RawNodeHttp http = new RawNodeHttp();

  /** Nodes to kill for this fraction: ceil(fraction x n), at least 1, at most n - 1 (someone must take traffic). */
  public static int victims(int nodes, double fraction) {
    int k = (int) Math.ceil(fraction * nodes - 1e-9);
    return Math.max(1, Math.min(nodes - 1, k));
  }

  /** As {@link #run(Target, boolean, double, Duration, Duration)} on green when the cluster has green nodes. */
  public Result run(Target t, double fraction, Duration down, Duration deadline) {
    ClusterProfile c = t.cluster();
    return run(t, c.green() != null && !c.green().isEmpty(), fraction, down, deadline);
  }

  /**
   * @param green kill among the green nodes (Tier 2, the release went to green), else among the profile's nodes
   *     (Tier 1, or blue when a Tier 2 release went to blue): the group that took the release is the one that must
   *     survive
   */
  public Result run(Target t, boolean green, double fraction, Duration down, Duration deadline) {
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    ClusterProfile c = t.cluster();
    List<ClusterProfile.Node> nodes = green ? (c.green() == null ? List.of() : c.green())
        : c.nodes() == null ? List.of() : c.nodes();
    List<String> log = new ArrayList<>();
    List<String> killed = new ArrayList<>();
    if (nodes.size() < 2) {
      return new Result(c.id(), killed, 0, 0, 0, 0, false, "SIGKILL", 0, "cluster " + c.id() + " has "
          + nodes.size() + " node(s); killing any leaves nothing to take traffic", log);
    }
    int k = victims(nodes.size(), fraction);
    List<ClusterProfile.Node> victims = nodes.subList(nodes.size() - k, nodes.size());
    List<ClusterProfile.Node> survivors = nodes.subList(0, nodes.size() - k);
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String[]> written = new LinkedHashMap<>(); // key -> {node url, value}
    long writes = 0;
    long failed = 0;
    long reads = 0;
    String reason = null;
    try {
      for (ClusterProfile.Node v : victims) {
        String how = t.driver().kill(c, v);
        log.add(how);
        killed.add(v.id());
        if (t.driver().isRunning(c, v)) {
          reason = v.id() + " still runs after the kill";
          break;
        }
      }
      if (reason == null) {
        long downEnd = Math.min(end, System.nanoTime() + down.toNanos());
        int i = 0;
        while (System.nanoTime() < downEnd) {
          ClusterProfile.Node via = survivors.get(i % survivors.size());
          String key = "chaos-" + run + "-" + i;
          String value = "v" + i;
          writes++;
          if (put(via.url(), key, value)) {
            written.put(key, new String[] {via.url(), value});
            if (value.equals(get(via.url(), key))) {
              reads++;
            }
          } else {
            failed++;
          }
          i++;
          sleep(Duration.ofMillis(20));
        }
        log.add(writes + " writes through " + survivors.size() + " surviving node(s) while " + killed + " were down");
      }
    } catch (IOException | RuntimeException e) {
      reason = "chaos on " + c.id() + " stopped: " + e.getMessage();
    }
    // every killed node is started again, whatever happened above
    for (ClusterProfile.Node v : victims) {
      if (!killed.contains(v.id())) {
        continue;
      }
      try {
        if (!t.driver().isRunning(c, v)) {
          t.driver().start(c, v);
          log.add("started " + v.id() + " again");
        }
      } catch (IOException | RuntimeException e) {
        reason = join(reason, "restart of " + v.id() + " failed: " + e.getMessage());
      }
    }
    boolean healthy = false;
    String last = "no answer yet";
    while (reason == null) {
      last = healthState(t, nodes);
      if (last == null) {
        healthy = true;
        break;
      }
      if (System.nanoTime() >= end) {
        reason = "not 100% healthy within " + deadline.toMillis() + " ms after the kill: " + last;
        break;
      }
      sleep(POLL);
    }
    long lost = 0;
    List<String> lostKeys = new ArrayList<>();
    for (Map.Entry<String, String[]> w : written.entrySet()) {
      String now = get(w.getValue()[0], w.getKey());
      if (!w.getValue()[1].equals(now)) {
        lost++;
        if (lostKeys.size() < 5) {
          lostKeys.add(w.getKey() + " on " + w.getValue()[0]);
        }
      }
    }
    if (lost > 0) {
      log.add(lost + " acknowledged write(s) lost, e.g. " + lostKeys);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(c.id(), killed, writes, failed + lost, lost, reads, healthy, "SIGKILL",
        Math.round(seconds * 10) / 10.0, reason, log);
  }

  /** Null when the cluster is at 100% (every profile node joined, healthy, not draining), else what is not. */
  private String healthState(Target t, List<ClusterProfile.Node> nodes) {
    try {
      ClusterView v = ClusterViews.firstOf(new Target(t.cluster(), null, t.driver()), nodes).view();
      List<String> bad = new ArrayList<>();
      if (v.healthPercent() < 100) {
        bad.add(v.healthPercent() + "%");
      }
      if (!v.notHealthy().isEmpty()) {
        bad.add("not healthy: " + v.notHealthy());
      }
      if (!v.rebalancing().isEmpty()) {
        bad.add("rebalancing: " + v.rebalancing());
      }
      for (ClusterProfile.Node n : nodes) {
        try {
          JsonNode s = http.json(n.url() + "/status", REQUEST_TIMEOUT);
          if (!"healthy".equals(s.path("state").asText()) || s.path("health").asInt(-1) != 100
              || s.path("draining").asBoolean(false)) {
            bad.add(n.id() + " " + s.path("state").asText("?") + " " + s.path("health").asInt(-1) + "%"
                + (s.path("draining").asBoolean(false) ? " draining" : ""));
          }
        } catch (IOException e) {
          bad.add(n.id() + " does not answer");
        }
      }
      return bad.isEmpty() ? null : String.join(", ", bad);
    } catch (IOException | RuntimeException e) {
      return "no cluster view: " + e.getMessage();
    }
  }

  private boolean put(String url, String key, String value) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/state/" + key))
          .timeout(REQUEST_TIMEOUT).PUT(HttpRequest.BodyPublishers.ofString(value)).build());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private String get(String url, String key) {
    try {
      JsonNode n = http.json(url + "/state/" + key, REQUEST_TIMEOUT);
      return n.hasNonNull("value") ? n.get("value").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String join(String a, String b) {
    return a == null ? b : a + "; " + b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
