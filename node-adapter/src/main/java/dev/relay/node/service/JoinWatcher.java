package dev.relay.node.service;

import dev.relay.node.config.RelayConfig;
import dev.relay.node.driver.ClusterView;
import dev.relay.node.driver.NodeDriver;
import dev.relay.node.driver.NodeStatus;
import dev.relay.node.driver.ReleaseInfo;
import dev.relay.node.jobs.Job;
import dev.relay.node.jobs.JobFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Brings a node to "serving and joined at this version" and waits until the cluster says so: on each poll it starts
 * the process if it is not running, restarts it if it runs another version than its current release, undrains it,
 * and then asks another node whether the cluster lists it in {@code joined} with that version.
 */
@ApplicationScoped
public class JoinWatcher {

  private static final Logger LOG = Logger.getLogger(JoinWatcher.class);

  private final Duration stopGrace;

  public JoinWatcher(RelayConfig config) {
    this.stopGrace = config.node().stopGrace();
  }

  public CompletableFuture<ClusterView> await(Target t, String version, Job job) {
    return job.poll(() -> check(t, version, job));
  }

  private Optional<ClusterView> check(Target t, String version, Job job) throws IOException {
    NodeDriver d = t.driver();
    String node = t.nodeId();
    NodeStatus status;
    try {
      status = d.status(t.cluster(), t.node());
    } catch (IOException e) {
      if (!d.isRunning(t.cluster(), t.node())) {
        d.start(t.cluster(), t.node());
        job.missing(node + " was not running; started it, not answering yet");
      } else {
        job.missing(node + " not answering yet: " + e.getMessage());
      }
      return Optional.empty();
    }
    if (!version.equals(status.version())) {
      ReleaseInfo current = d.currentRelease(t.cluster(), t.node())
          .orElseThrow(() -> new JobFailure(node + " has no current release"));
      if (!current.version().equals(version)) {
        throw new JobFailure(node + "'s current release is " + current.version() + ", not " + version);
      }
      String how = stopGracefully(t, min(stopGrace, job.remaining()));
      LOG.infof("%s ran %s while its current release is %s: %s, starting again", node, status.version(), version, how);
      d.start(t.cluster(), t.node());
      job.missing(node + " restarting onto its current release " + version);
      return Optional.empty();
    }
    if (status.draining()) {
      d.undrain(t.cluster(), t.node());
    }
    ClusterViews.Answer answer = ClusterViews.otherThan(t);
    Optional<ClusterView.Member> member = answer.view().member(node);
    boolean joined = answer.view().joined().contains(node) && member.isPresent()
        && version.equals(member.get().version()) && !member.get().draining();
    if (joined) {
      return Optional.of(answer.view());
    }
    job.missing(node + " not yet joined at " + version + " in " + answer.via() + "'s view of the cluster ("
        + member.map(m -> "state " + m.state() + ", version " + m.version() + (m.draining() ? ", draining" : ""))
            .orElse("not listed") + ")");
    return Optional.empty();
  }

  /**
   * Stops the node through its driver; a node still running afterwards (its stop mode never kills and the graceful
   * stop did not finish within the grace) ends the job failed, never escalating to a kill: "graceful stop of node-2
   * did not finish within PT10S (pid 4242 did not stop within the grace and was left running (never killed)); node
   * left running".
   */
  static String stopGracefully(Target t, Duration grace) throws IOException {
    String how = t.driver().stop(t.cluster(), t.node(), grace);
    if (t.driver().isRunning(t.cluster(), t.node())) {
      throw new JobFailure("graceful stop of " + t.nodeId() + " did not finish within " + grace + " (" + how
          + "); node left running");
    }
    return how;
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
