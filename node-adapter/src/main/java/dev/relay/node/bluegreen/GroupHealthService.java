package dev.relay.node.bluegreen;

import dev.relay.contracts.Command.AwaitGroupHealthy;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.GroupHealthy;
import dev.relay.node.driver.ClusterView;
import dev.relay.node.jobs.Job;
import dev.relay.node.service.ClusterViews;
import dev.relay.node.service.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * AwaitGroupHealthy: polls the group's own view (the first of its nodes that answers) until every member is healthy
 * and none is rebalancing, then GroupHealthy(group, 100); at the deadline the reason names the last observation.
 */
@ApplicationScoped
public class GroupHealthService {

  public CompletableFuture<Fact> run(Target t, AwaitGroupHealthy cmd, Job job) {
    var nodes = Groups.nodes(t.cluster(), cmd.group());
    return job.poll(() -> {
      ClusterView view = ClusterViews.firstOf(t, nodes).view();
      if (view.complete()) {
        return Optional.<Fact>of(new GroupHealthy(cmd.group(), view.healthPercent()));
      }
      job.missing(cmd.group() + " " + view.describe());
      return Optional.empty();
    });
  }
}
