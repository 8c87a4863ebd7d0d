package dev.relay.node.service;

import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.NodeDrained;
import dev.relay.node.driver.NodeDriver;
import dev.relay.node.driver.NodeStatus;
import dev.relay.node.driver.ReleaseInfo;
import dev.relay.node.jobs.Job;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DrainNode: asks the node to drain and polls until it drains with nothing in flight, then NodeDrained with the
 * version it runs and the fingerprints of its node key and company key as its /status reports them (the saga checks
 * them after the rejoin). A node that is not running takes no requests: drained at its current release's version,
 * without fingerprints.
 */
@ApplicationScoped
public class DrainService {

  public CompletableFuture<Fact> run(Target t, DrainNode cmd, Job job) {
    NodeDriver d = t.driver();
    return job.poll(() -> {
      if (!d.isRunning(t.cluster(), t.node())) {
        String version = d.currentRelease(t.cluster(), t.node()).map(ReleaseInfo::version).orElse("none");
        return Optional.<Fact>of(new NodeDrained(t.nodeId(), version));
      }
      NodeStatus s = d.status(t.cluster(), t.node());
      if (!s.draining()) {
        d.drain(t.cluster(), t.node());
        s = d.status(t.cluster(), t.node());
      }
      if (s.draining() && s.inflight() == 0) {
        return Optional.<Fact>of(new NodeDrained(t.nodeId(), s.version(), s.nodeKeyFingerprint(),
            s.companyKeyFingerprint()));
      }
      job.missing(t.nodeId() + (s.draining() ? " still has " + s.inflight() + " requests in flight" : " not draining yet"));
      return Optional.empty();
    });
  }
}
