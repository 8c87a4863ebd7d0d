package dev.relay.node.service;

import dev.relay.contracts.Command.PatchNode;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.NodePatched;
import dev.relay.node.artifact.BlobFetcher;
import dev.relay.node.config.RelayConfig;
import dev.relay.node.driver.NodeDriver;
import dev.relay.node.driver.NodeStatus;
import dev.relay.node.driver.ReleaseInfo;
import dev.relay.node.jobs.Job;
import dev.relay.node.jobs.JobFailure;
import dev.relay.sandbox.release.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * PatchNode: makes the artifact with this digest the node's current release. Already current: NodePatched with
 * alreadyAtVersion and nothing touched. Otherwise: fetch from artifact-service (hashed on arrival, refused on
 * mismatch), unpack as a new release (unless that digest is already unpacked), and only for a drained node: stop it
 * gracefully, switch `current`, record the unpack in the patch history. The node is left stopped.
 */
@ApplicationScoped
public class PatchService {

  private static final Logger LOG = Logger.getLogger(PatchService.class);

  private final BlobFetcher fetcher;
  private final Duration stopGrace;

  public PatchService(BlobFetcher fetcher, RelayConfig config) {
    this.fetcher = fetcher;
    this.stopGrace = config.node().stopGrace();
  }

  public CompletableFuture<Fact> run(Target t, PatchNode cmd, Job job) {
    return job.io(() -> patch(t, cmd, job));
  }

  private Fact patch(Target t, PatchNode cmd, Job job) throws IOException {
    NodeDriver d = t.driver();
    String node = t.nodeId();
    String digest;
    try {
      digest = Digests.canonical(cmd.digest());
    } catch (IllegalArgumentException e) {
      throw new JobFailure(e.getMessage());
    }
    Optional<ReleaseInfo> current = d.currentRelease(t.cluster(), t.node());
    if (current.isPresent() && Digests.same(current.get().digest(), digest)) {
      return new NodePatched(node, current.get().version(), digest, true);
    }

    Optional<ReleaseInfo> onDisk = d.releaseWithDigest(t.cluster(), t.node(), digest);
    ReleaseInfo release;
    boolean unpacked = onDisk.isEmpty();
    if (onDisk.isPresent()) {
      release = onDisk.get();
    } else {
      job.missing("fetching " + digest + " from artifact-service");
      Path archive = fetcher.fetch(digest, job.remaining());
      try {
        job.missing("unpacking " + cmd.version() + " on " + node);
        release = d.install(t.cluster(), t.node(), archive, cmd.version(), digest);
      } catch (IOException e) {
        // refused archive or bytes that changed since the check: staging is already removed, the node untouched
        throw new JobFailure("release " + cmd.version() + " (" + digest + ") not installed on " + node + ": "
            + e.getMessage() + "; staging removed, " + node + " keeps its release "
            + current.map(ReleaseInfo::version).orElse("(none)"));
      } finally {
        Files.deleteIfExists(archive);
      }
    }
    if (!release.version().equals(cmd.version())) {
      throw new JobFailure("the release with digest " + digest + " is version " + release.version() + ", not "
          + cmd.version());
    }
    if (!job.live()) {
      return null;
    }
    if (d.isRunning(t.cluster(), t.node())) {
      NodeStatus s;
      try {
        s = d.status(t.cluster(), t.node());
      } catch (IOException e) {
        throw new JobFailure("cannot confirm " + node + " is drained: " + e.getMessage());
      }
      if (!s.draining()) {
        throw new JobFailure(node + " is serving (not drained); drain it before patching");
      }
      job.missing("stopping " + node);
      String how = JoinWatcher.stopGracefully(t, JoinWatcher.min(stopGrace, job.remaining()));
      LOG.infof("patch %s to %s: %s", node, cmd.version(), how);
    }
    if (!job.live()) {
      return null;
    }
    d.switchTo(t.cluster(), t.node(), release);
    if (unpacked) {
      d.recordPatch(t.cluster(), t.node(), release);
    }
    return new NodePatched(node, release.version(), digest, false);
  }
}
