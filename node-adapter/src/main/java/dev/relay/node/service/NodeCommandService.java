package dev.relay.node.service;

import dev.relay.contracts.Command.AwaitGroupHealthy;
import dev.relay.contracts.Command.AwaitRebalance;
import dev.relay.contracts.Command.DrainNode;
import dev.relay.node.traffic.LiveGroupGuard;
import dev.relay.contracts.Command.NodeCommand;
import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Command.RejoinNode;
import dev.relay.contracts.Command.RollbackNode;
import dev.relay.contracts.Command.StopReplication;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Command.SyncState;
import dev.relay.contracts.Command.WatchStability;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.node.bluegreen.GroupHealthService;
import dev.relay.node.bluegreen.StopReplicationService;
import dev.relay.node.bluegreen.SyncStateService;
import dev.relay.node.jobs.Job;
import dev.relay.node.jobs.JobRunner;
import dev.relay.node.kafka.FactPublisher;
import dev.relay.node.traffic.SwitchTrafficService;
import dev.relay.node.traffic.WatchStabilityService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Starts one asynchronous job per node command and publishes its one resulting fact (and progress facts) as replies
 * to the command. Decides deduplication: while a job for the same (deployment, command type, node) runs, the same
 * command again is ignored; the orchestrator re-sends commands on purpose and each states a desired end. Never
 * blocks the caller. Tier 2's group commands name a group in place of a node (AwaitGroupHealthy and WatchStability
 * their group, SwitchTraffic its {@code to}, SyncState and StopReplication "green"): that name is the node of their
 * NodeCommandFailed and of the deduplication key.
 */
@ApplicationScoped
public class NodeCommandService {

  private static final Logger LOG = Logger.getLogger(NodeCommandService.class);

  /** The identity of a job for deduplication. */
  record JobKey(String deploymentId, String type, String node) {}

  private final Map<JobKey, Job> inflight = new ConcurrentHashMap<>();
  private final JobRunner runner;
  private final TargetResolver resolver;
  private final FactPublisher publisher;
  private final DrainService drain;
  private final PatchService patch;
  private final RejoinService rejoin;
  private final AwaitRebalanceService rebalance;
  private final RollbackService rollback;
  private final GroupHealthService groupHealth;
  private final SyncStateService syncState;
  private final StopReplicationService stopReplication;
  private final SwitchTrafficService switchTraffic;
  private final WatchStabilityService watchStability;

  public NodeCommandService(JobRunner runner, TargetResolver resolver, FactPublisher publisher, DrainService drain,
      PatchService patch, RejoinService rejoin, AwaitRebalanceService rebalance, RollbackService rollback,
      GroupHealthService groupHealth, SyncStateService syncState, StopReplicationService stopReplication,
      SwitchTrafficService switchTraffic, WatchStabilityService watchStability) {
    this.runner = runner;
    this.resolver = resolver;
    this.publisher = publisher;
    this.drain = drain;
    this.patch = patch;
    this.rejoin = rejoin;
    this.rebalance = rebalance;
    this.rollback = rollback;
    this.groupHealth = groupHealth;
    this.syncState = syncState;
    this.stopReplication = stopReplication;
    this.switchTraffic = switchTraffic;
    this.watchStability = watchStability;
  }

  /** Starts the command's job; false when the same command is already in flight (ignored). */
  public boolean accept(Envelope command) {
    NodeCommand cmd = (NodeCommand) command.payload();
    String node = nodeOf(cmd);
    JobKey key = new JobKey(command.deploymentId(), command.type(), node);
    Job job = new Job(command.type(), node, cmd.deadline(), runner);
    if (inflight.putIfAbsent(key, job) != null) {
      LOG.debugf("%s for %s of %s already in flight: ignored", command.type(), node, command.deploymentId());
      return false;
    }
    job.start().whenComplete((fact, t) -> {
      inflight.remove(key, job);
      if (fact != null) {
        LOG.infof("%s %s on %s/%s -> %s", command.deploymentId(), command.type(), command.clusterId(), node, fact);
        publisher.publish(command, fact);
      }
    });
    boolean nodeScoped = cmd instanceof DrainNode || cmd instanceof PatchNode || cmd instanceof RejoinNode
        || cmd instanceof RollbackNode;
    job.io(() -> resolver.resolve(command.clusterId(), nodeScoped ? node : null))
        .thenCompose(target -> dispatch(target, cmd, job, command))
        .thenAccept(fact -> {
          if (fact != null) {
            job.succeed(fact);
          }
        })
        .exceptionally(job::failWith);
    return true;
  }

  private CompletableFuture<Fact> dispatch(Target t, NodeCommand cmd, Job job, Envelope command) {
    if (cmd instanceof DrainNode c) {
      return job.io(() -> {
        LiveGroupGuard.requireIdle(t, "DrainNode");
        return t;
      }).thenCompose(x -> drain.run(t, c, job));
    } else if (cmd instanceof PatchNode c) {
      return job.io(() -> {
        LiveGroupGuard.requireIdle(t, "PatchNode");
        return t;
      }).thenCompose(x -> patch.run(t, c, job));
    } else if (cmd instanceof RejoinNode c) {
      return rejoin.run(t, c, job);
    } else if (cmd instanceof AwaitRebalance c) {
      return rebalance.run(t, c, job, progress -> publisher.publish(command, progress));
    } else if (cmd instanceof RollbackNode c) {
      return rollback.run(t, c, job);
    } else if (cmd instanceof AwaitGroupHealthy c) {
      return groupHealth.run(t, c, job);
    } else if (cmd instanceof SyncState c) {
      return syncState.run(t, c, job);
    } else if (cmd instanceof StopReplication c) {
      return stopReplication.run(t, c, job);
    } else if (cmd instanceof SwitchTraffic c) {
      return switchTraffic.run(t, c, job);
    } else if (cmd instanceof WatchStability c) {
      return watchStability.run(t, c, job);
    }
    return CompletableFuture.failedFuture(new IllegalStateException("no handler for " + command.type()));
  }

  static String nodeOf(NodeCommand cmd) {
    if (cmd instanceof DrainNode c) {
      return c.node();
    } else if (cmd instanceof PatchNode c) {
      return c.node();
    } else if (cmd instanceof RejoinNode c) {
      return c.node();
    } else if (cmd instanceof AwaitRebalance c) {
      return c.beforeNode();
    } else if (cmd instanceof RollbackNode c) {
      return c.node();
    } else if (cmd instanceof AwaitGroupHealthy c) {
      return c.group();
    } else if (cmd instanceof SyncState c) {
      return c.to();
    } else if (cmd instanceof StopReplication c) {
      return c.to();
    } else if (cmd instanceof SwitchTraffic c) {
      return c.to();
    } else if (cmd instanceof WatchStability c) {
      return c.group();
    }
    return null;
  }

  /** Jobs currently in flight (for tests and diagnostics). */
  public int inflightCount() {
    return inflight.size();
  }
}
