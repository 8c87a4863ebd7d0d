package dev.relay.node.driver;

import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterProfile.Node;
import dev.relay.node.config.RelayConfig;
import dev.relay.sandbox.release.Release;
import dev.relay.sandbox.release.ReleaseInstaller;
import dev.relay.sandbox.release.SandboxLayout;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The driver of a sandbox cluster: local node processes laid out by {@link SandboxLayout} under
 * {@code relay.sandbox.root}. HTTP goes to the node URL of the cluster profile; files and processes are found at
 * {@code <root>/<cluster>/<node>/}.
 */
@ApplicationScoped
public class SandboxDriver implements NodeDriver {

  public static final String KIND = "sandbox";

  private final SandboxLayout layout;
  private final ReleaseInstaller installer;
  private final NodeHttp http = new NodeHttp();

  public SandboxDriver(RelayConfig config) {
    this.layout = new SandboxLayout(config.sandbox().root());
    this.installer = new ReleaseInstaller(layout, dev.relay.node.unpack.UnpackLimits.archive());
  }

  @Override
  public String kind() {
    return KIND;
  }

  private Path dir(ClusterProfile cluster, Node node) {
    return layout.nodeDir(cluster.id(), node.id());
  }

  private static ReleaseInfo info(Release r) {
    return new ReleaseInfo(r.version(), r.digest(), r.dir().toString());
  }

  @Override
  public NodeStatus status(ClusterProfile cluster, Node node) throws IOException {
    return http.status(node.url());
  }

  @Override
  public ClusterView clusterView(ClusterProfile cluster, Node via) throws IOException {
    return http.cluster(via.url());
  }

  @Override
  public void drain(ClusterProfile cluster, Node node) throws IOException {
    http.post(node.url(), "/admin/drain");
  }

  @Override
  public void undrain(ClusterProfile cluster, Node node) throws IOException {
    http.post(node.url(), "/admin/undrain");
  }

  @Override
  public void replicateFrom(ClusterProfile cluster, Node node, String sourceUrl) throws IOException {
    http.post(node.url(), "/admin/replicate?from="
        + java.net.URLEncoder.encode(sourceUrl, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void stopReplication(ClusterProfile cluster, Node node) throws IOException {
    http.post(node.url(), "/admin/replicate/stop");
  }

  @Override
  public boolean isRunning(ClusterProfile cluster, Node node) {
    return layout.isRunning(dir(cluster, node));
  }

  @Override
  public String kill(ClusterProfile cluster, Node node) throws IOException {
    Optional<ProcessHandle> p = layout.runningProcess(dir(cluster, node));
    if (p.isEmpty()) {
      return node.id() + " was not running";
    }
    ProcessHandle h = p.get();
    h.destroyForcibly();
    try {
      h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while killing " + node.id());
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(node.id() + " (pid " + h.pid() + ") did not die within 5 s of SIGKILL");
    }
    return node.id() + " killed (SIGKILL, pid " + h.pid() + ")";
  }

  @Override
  public void start(ClusterProfile cluster, Node node) throws IOException {
    layout.start(dir(cluster, node));
  }

  @Override
  public String stop(ClusterProfile cluster, Node node, Duration grace) throws IOException {
    return layout.stop(dir(cluster, node), grace).describe();
  }

  @Override
  public Optional<ReleaseInfo> currentRelease(ClusterProfile cluster, Node node) throws IOException {
    return layout.currentRelease(dir(cluster, node)).map(SandboxDriver::info);
  }

  @Override
  public Optional<ReleaseInfo> releaseFor(ClusterProfile cluster, Node node, String version) throws IOException {
    return layout.releaseFor(dir(cluster, node), version).map(SandboxDriver::info);
  }

  @Override
  public Optional<ReleaseInfo> releaseWithDigest(ClusterProfile cluster, Node node, String digest) throws IOException {
    return layout.releaseWithDigest(dir(cluster, node), digest).map(SandboxDriver::info);
  }

  @Override
  public ReleaseInfo install(ClusterProfile cluster, Node node, Path archive, String version, String digest)
      throws IOException {
    return info(installer.install(dir(cluster, node), archive, version, digest).release());
  }

  @Override
  public void switchTo(ClusterProfile cluster, Node node, ReleaseInfo release) throws IOException {
    Path releaseDir = Path.of(release.location());
    Release r = SandboxLayout.read(releaseDir)
        .orElseThrow(() -> new IOException(releaseDir + " is not a release folder"));
    layout.switchCurrent(dir(cluster, node), r);
  }

  @Override
  public void recordPatch(ClusterProfile cluster, Node node, ReleaseInfo release) throws IOException {
    layout.appendPatchLog(dir(cluster, node), new Release(release.version(), release.digest(), Path.of(release.location())));
  }

  @Override
  public int patchCount(ClusterProfile cluster, Node node) throws IOException {
    return layout.patchLog(dir(cluster, node)).size();
  }
}
