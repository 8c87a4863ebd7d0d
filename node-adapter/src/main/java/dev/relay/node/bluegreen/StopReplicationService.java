package dev.relay.node.bluegreen;

import dev.relay.contracts.ClusterProfile.Node;
import dev.relay.contracts.Command.StopReplication;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.ReplicationStopped;
import dev.relay.node.driver.NodeStatus;
import dev.relay.node.jobs.Job;
import dev.relay.node.service.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * StopReplication: no node of the group {@code to} (green unless named) replicates any more. A green node whose process is not running replicates nothing;
 * a cluster without green nodes has nothing to stop. Safe whether or not replication ever ran: ReplicationStopped.
 */
@ApplicationScoped
public class StopReplicationService {

  public CompletableFuture<Fact> run(Target t, StopReplication cmd, Job job) {
    List<Node> green = Groups.GREEN.equals(cmd.to()) ? (t.cluster().green() == null ? List.of() : t.cluster().green())
        : Groups.nodes(t.cluster(), cmd.to());
    return job.poll(() -> {
      List<String> still = new ArrayList<>();
      for (Node g : green) {
        if (!t.driver().isRunning(t.cluster(), g)) {
          continue;
        }
        NodeStatus s = t.driver().status(t.cluster(), g);
        if (s.replicatingFrom() != null) {
          t.driver().stopReplication(t.cluster(), g);
          if (t.driver().status(t.cluster(), g).replicatingFrom() != null) {
            still.add(g.id() + " still replicates from " + s.replicatingFrom());
          }
        }
      }
      if (still.isEmpty()) {
        return Optional.<Fact>of(new ReplicationStopped());
      }
      job.missing(String.join("; ", still));
      return Optional.empty();
    });
  }
}
