package dev.relay.node.service;

import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.NodeRolledBack;
import dev.relay.node.config.RelayConfig;
import dev.relay.node.driver.NodeDriver;
import dev.relay.node.driver.ReleaseInfo;
import dev.relay.node.jobs.Job;
import dev.relay.node.jobs.JobFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * RollbackNode: the node runs its release of that version (still on its disk), serving and joined. Switches
 * `current` back only if needed, restarts only if switched or not running, then waits as for a rejoin. Safe whether
 * or not the failed step ever ran: a node still on that version is just undrained and awaited.
 */
@ApplicationScoped
public class RollbackService {

  private static final Logger LOG = Logger.getLogger(RollbackService.class);

  private final JoinWatcher joins;
  private final Duration stopGrace;

  public RollbackService(JoinWatcher joins, RelayConfig config) {
    this.joins = joins;
    this.stopGrace = config.node().stopGrace();
  }

  public CompletableFuture<Fact> run(Target t, RollbackNode cmd, Job job) {
    NodeDriver d = t.driver();
    return job.io(() -> {
      ReleaseInfo target = d.releaseFor(t.cluster(), t.node(), cmd.version())
          .orElseThrow(() -> new JobFailure("no release of version " + cmd.version() + " on " + t.nodeId() + "'s disk"));
      Optional<ReleaseInfo> current = d.currentRelease(t.cluster(), t.node());
      boolean switching = current.isEmpty() || !current.get().location().equals(target.location());
      if (switching) {
        if (d.isRunning(t.cluster(), t.node())) {
          job.missing("stopping " + t.nodeId());
          LOG.infof("rollback %s to %s: %s", t.nodeId(), cmd.version(),
              JoinWatcher.stopGracefully(t, JoinWatcher.min(stopGrace, job.remaining())));
        }
        if (!job.live()) {
          return null;
        }
        d.switchTo(t.cluster(), t.node(), target);
        d.start(t.cluster(), t.node());
      } else if (!d.isRunning(t.cluster(), t.node())) {
        d.start(t.cluster(), t.node());
      }
      return target;
    }).thenCompose(r -> joins.await(t, cmd.version(), job))
        .thenApply(view -> new NodeRolledBack(t.nodeId(), cmd.version()));
  }
}
