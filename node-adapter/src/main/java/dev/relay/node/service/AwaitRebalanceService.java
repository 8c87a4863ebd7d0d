package dev.relay.node.service;

import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.ClusterHealthObserved;
import dev.relay.contracts.Fact.RebalanceComplete;
import dev.relay.node.driver.ClusterView;
import dev.relay.node.jobs.Job;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * AwaitRebalance: polls the cluster view of any answering node until health is 100% with nothing rebalancing
 * (RebalanceComplete). Publishes ClusterHealthObserved each time the observation changes while waiting; at the
 * deadline the reason names the last observation ("cluster health 97% (node-4: disk slow)").
 */
@ApplicationScoped
public class AwaitRebalanceService {

  private record Observation(int healthPercent, List<String> notHealthy, List<String> warnings) {}

  public CompletableFuture<Fact> run(Target t, AwaitRebalance cmd, Job job, Consumer<Fact> progress) {
    AtomicReference<Observation> last = new AtomicReference<>();
    return job.poll(() -> {
      ClusterView view = ClusterViews.anyNode(t).view();
      if (view.complete()) {
        return Optional.<Fact>of(new RebalanceComplete(view.healthPercent()));
      }
      job.missing(view.describe());
      Observation now = new Observation(view.healthPercent(), view.notHealthy(), view.warnings());
      if (!Objects.equals(last.getAndSet(now), now) && job.live()) {
        progress.accept(new ClusterHealthObserved(now.healthPercent(), now.notHealthy(), now.warnings()));
      }
      return Optional.empty();
    });
  }
}
