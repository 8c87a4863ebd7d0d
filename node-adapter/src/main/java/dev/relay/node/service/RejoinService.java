package dev.relay.node.service;

import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.NodeRejoined;
import dev.relay.node.driver.NodeStatus;
import dev.relay.node.driver.ReleaseInfo;
import dev.relay.node.jobs.Job;
import dev.relay.node.jobs.JobFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/**
 * RejoinNode: the node's current release must be the expected version (else it fails at once, naming both); the
 * node is started if not running, undrained if drained, and the job waits until another node's view of the cluster
 * lists it as joined at that version; NodeRejoined then carries the key fingerprints its /status reports.
 */
@ApplicationScoped
public class RejoinService {

  private final JoinWatcher joins;

  public RejoinService(JoinWatcher joins) {
    this.joins = joins;
  }

  public CompletableFuture<Fact> run(Target t, RejoinNode cmd, Job job) {
    return job.io(() -> {
      ReleaseInfo current = t.driver().currentRelease(t.cluster(), t.node())
          .orElseThrow(() -> new JobFailure(t.nodeId() + " has no current release"));
      if (!current.version().equals(cmd.version())) {
        throw new JobFailure(t.nodeId() + "'s current release is " + current.version() + ", not " + cmd.version());
      }
      if (!t.driver().isRunning(t.cluster(), t.node())) {
        t.driver().start(t.cluster(), t.node());
      }
      return current;
    }).thenCompose(r -> joins.await(t, cmd.version(), job))
        .thenCompose(view -> job.io(() -> {
          NodeStatus s = t.driver().status(t.cluster(), t.node());
          return new NodeRejoined(t.nodeId(), cmd.version(), s.nodeKeyFingerprint(), s.companyKeyFingerprint());
        }));
  }
}
