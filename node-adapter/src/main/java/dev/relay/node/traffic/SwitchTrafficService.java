package dev.relay.node.traffic;

import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterProfile.Node;
import dev.relay.contracts.Command.SwitchTraffic;
import dev.relay.contracts.Fact;
import dev.relay.node.bluegreen.Groups;
import dev.relay.node.config.RelayConfig;
import dev.relay.node.jobs.Job;
import dev.relay.node.jobs.JobFailure;
import dev.relay.node.service.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * SwitchTraffic: runs a {@link TrafficSwitcher} on the cluster's load balancer (profile {@code traffic}: runtime API
 * and backend; server names = node ids), one switch at a time per backend, retrying runtime API errors with backoff
 * ({@code relay.traffic.retry-min} doubling to {@code retry-max}) until shortly before the deadline.
 */
@ApplicationScoped
public class SwitchTrafficService {

  private final TrafficLocks locks;
  private final Duration drainLimit;
  private final Duration retryMin;
  private final Duration retryMax;

  public SwitchTrafficService(TrafficLocks locks, RelayConfig config) {
    this.locks = locks;
    this.drainLimit = config.traffic().drainLimit();
    this.retryMin = config.traffic().retryMin();
    this.retryMax = config.traffic().retryMax();
  }

  public CompletableFuture<Fact> run(Target t, SwitchTraffic cmd, Job job) {
    ClusterProfile.Traffic traffic = traffic(t.cluster());
    String other = Groups.other(cmd.to());
    var toServers = Groups.nodes(t.cluster(), cmd.to()).stream().map(Node::id).toList();
    var otherServers = Groups.nodes(t.cluster(), other).stream().map(Node::id).toList();
    HaproxyRuntimeApi api = new HaproxyRuntimeApi(traffic.runtimeApi());
    return locks.serialize(traffic.runtimeApi() + "|" + traffic.backend(), () -> {
      TrafficSwitcher switcher = new TrafficSwitcher(api, traffic.backend(), cmd.to(), other, toServers,
          otherServers, drainLimit, job);
      return job.pollWithBackoff(switcher::tick, retryMin, retryMax);
    });
  }

  /** The cluster's virtual IP; a profile without one cannot switch. */
  public static ClusterProfile.Traffic traffic(ClusterProfile cluster) {
    ClusterProfile.Traffic traffic = cluster.traffic();
    if (traffic == null || traffic.runtimeApi() == null || traffic.backend() == null) {
      throw new JobFailure("cluster '" + cluster.id() + "' has no traffic (runtimeApi, backend) in its profile");
    }
    return traffic;
  }
}
