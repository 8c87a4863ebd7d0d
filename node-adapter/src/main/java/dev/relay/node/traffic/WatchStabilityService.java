package dev.relay.node.traffic;

import dev.relay.contracts.ClusterProfile.Node;
import dev.relay.contracts.Command.WatchStability;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.StabilityBreached;
import dev.relay.contracts.Fact.StabilityConfirmed;
import dev.relay.node.bluegreen.Groups;
import dev.relay.node.driver.ClusterView;
import dev.relay.node.jobs.Job;
import dev.relay.node.service.ClusterViews;
import dev.relay.node.service.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * WatchStability: for the window, on every poll, reads HAProxy's own counters for the group's servers (5xx answers,
 * connection errors, response errors, counted from the start of the window; a counter that went backwards, as after
 * a reload, counts from zero again), their status, and the group's health. Decides a breach at once: more errors
 * than maxErrors, a server of the group not serving, or the group below 100% (or no node of it answering):
 * StabilityBreached(group, reason). Else StabilityConfirmed(group, requests, errors) when the window ends.
 */
@ApplicationScoped
public class WatchStabilityService {

  /** Increases of one server's counters since the window began. */
  private static final class Counter {
    long lastErrors;
    long lastResponses;
    long errors;
    long responses;

    void add(ServerStat s) {
      errors += s.errors() >= lastErrors ? s.errors() - lastErrors : s.errors();
      responses += s.responses() >= lastResponses ? s.responses() - lastResponses : s.responses();
      lastErrors = s.errors();
      lastResponses = s.responses();
    }
  }

  public CompletableFuture<Fact> run(Target t, WatchStability cmd, Job job) {
    var traffic = SwitchTrafficService.traffic(t.cluster());
    List<Node> nodes = Groups.nodes(t.cluster(), cmd.group());
    List<String> names = nodes.stream().map(Node::id).toList();
    HaproxyRuntimeApi api = new HaproxyRuntimeApi(traffic.runtimeApi());
    Duration window = cmd.window() == null ? Duration.ZERO : cmd.window();
    long end = System.nanoTime() + window.toNanos();
    Map<String, Counter> counters = new HashMap<>();
    return job.io(() -> {
      for (ServerStat s : api.stats(traffic.backend())) {
        if (names.contains(s.name())) {
          Counter c = new Counter();
          c.lastErrors = s.errors();
          c.lastResponses = s.responses();
          counters.put(s.name(), c);
        }
      }
      return null;
    }).thenCompose(v -> job.poll(() -> {
      List<String> notServing = new ArrayList<>();
      for (ServerStat s : api.stats(traffic.backend())) {
        if (names.contains(s.name())) {
          counters.computeIfAbsent(s.name(), k -> new Counter()).add(s);
          if (!s.serving()) {
            notServing.add(s.describe());
          }
        }
      }
      long errors = counters.values().stream().mapToLong(c -> c.errors).sum();
      long requests = counters.values().stream().mapToLong(c -> c.responses).sum();
      if (errors > cmd.maxErrors()) {
        return Optional.<Fact>of(new StabilityBreached(cmd.group(), errors + " errors (5xx, connection, response)"
            + " on " + cmd.group() + " in HAProxy's counters, more than the " + cmd.maxErrors() + " allowed, after "
            + requests + " requests"));
      }
      if (!notServing.isEmpty()) {
        return Optional.<Fact>of(new StabilityBreached(cmd.group(), cmd.group() + " servers not serving in HAProxy: "
            + String.join(", ", notServing)));
      }
      ClusterView view;
      try {
        view = ClusterViews.firstOf(t, nodes).view();
      } catch (IOException e) {
        return Optional.<Fact>of(new StabilityBreached(cmd.group(), e.getMessage()));
      }
      if (!view.complete()) {
        return Optional.<Fact>of(new StabilityBreached(cmd.group(), cmd.group() + " " + view.describe()));
      }
      if (System.nanoTime() >= end) {
        return Optional.<Fact>of(new StabilityConfirmed(cmd.group(), requests, errors));
      }
      job.missing("watching " + cmd.group() + ": " + requests + " requests, " + errors + " errors so far");
      return Optional.empty();
    }));
  }
}
