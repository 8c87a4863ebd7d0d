package dev.relay.node.bluegreen;

import dev.relay.contracts.ClusterProfile.Node;
import dev.relay.contracts.Command.SyncState;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.StateSynced;
import dev.relay.node.driver.NodeStatus;
import dev.relay.node.jobs.Job;
import dev.relay.node.service.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SyncState: makes each node of the idle group {@code to} (green, or blue once green is live) replicate the hot state
 * of its partner in the live group (node i from node i modulo the live group's size) and waits until every one
 * reports a lag of 0 with no replication error: StateSynced(0). Below, "green" is the idle group.
 * Replication keeps running afterwards (green follows blue until the switch); StopReplication ends it.
 */
@ApplicationScoped
public class SyncStateService {

  public CompletableFuture<Fact> run(Target t, SyncState cmd, Job job) {
    List<Node> green = Groups.nodes(t.cluster(), cmd.to());
    Groups.nodes(t.cluster(), Groups.other(cmd.to()));
    return job.poll(() -> {
      List<String> behind = new ArrayList<>();
      for (int i = 0; i < green.size(); i++) {
        Node g = green.get(i);
        Node source = Groups.sourceOf(t.cluster(), cmd.to(), i);
        NodeStatus s = t.driver().status(t.cluster(), g);
        if (!source.url().equals(s.replicatingFrom())) {
          t.driver().replicateFrom(t.cluster(), g, source.url());
          behind.add(g.id() + ": replication from " + source.id() + " started");
        } else if (s.replicationError() != null) {
          behind.add(g.id() + ": " + s.replicationError());
        } else if (s.replicationLag() == null || s.replicationLag() != 0) {
          behind.add(g.id() + ": lag " + s.replicationLag() + " behind " + source.id());
        }
      }
      if (behind.isEmpty()) {
        return Optional.<Fact>of(new StateSynced(0));
      }
      job.missing(cmd.to() + " not in sync (" + String.join("; ", behind) + ")");
      return Optional.empty();
    });
  }
}
