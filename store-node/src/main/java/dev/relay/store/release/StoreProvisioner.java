package dev.relay.store.release;

import dev.relay.sandbox.release.ReleaseArchive;
import dev.relay.sandbox.release.ReleaseInstaller;
import dev.relay.sandbox.release.SandboxLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Creates a store cluster in the sandbox layout and starts it: per node a folder with node.properties (the sandbox
 * keys plus {@code hz.port}, {@code hz.members}, the {@code hazelcast.*} properties and
 * {@code stop.kill-after-grace=false}, so relay never kills a member that is handing off its data), the initial
 * release unpacked and made current, and a running member. Decides that members start one after another, each once
 * the previous one answers, so they form one cluster instead of several that would have to merge. Also stops a
 * whole cluster for teardown, where data no longer matters (kill after the grace).
 */
public final class StoreProvisioner {

  /** A provisioned node: id, base URL and folder. */
  public record ProvisionedNode(String nodeId, String url, Path nodeDir) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  public List<ProvisionedNode> provision(Path root, StoreClusterSpec spec, Duration startTimeout) throws IOException {
    SandboxLayout layout = new SandboxLayout(root);
    ReleaseInstaller installer = new ReleaseInstaller(layout, new ReleaseArchive());
    List<ProvisionedNode> out = new ArrayList<>();
    for (StoreClusterSpec.NodeSpec node : spec.nodes()) {
      Path dir = layout.nodeDir(spec.clusterId(), node.nodeId());
      Files.createDirectories(SandboxLayout.keysDir(dir));
      writeProperties(dir, spec, node);
      if (layout.currentRelease(dir).isEmpty()) {
        ReleaseInstaller.Installed installed = installer.install(dir, spec.initialTarGz(), null, spec.initialDigest());
        layout.switchCurrent(dir, installed.release());
        if (installed.unpacked()) {
          layout.appendPatchLog(dir, installed.release());
        }
      }
      out.add(new ProvisionedNode(node.nodeId(), node.url(), dir));
    }
    for (ProvisionedNode n : out) {
      layout.start(n.nodeDir());
      awaitAnswer(n, startTimeout);
    }
    return out;
  }

  /** Waits until the node answers /status (its HTTP server starts once its member has joined). */
  public void awaitAnswer(ProvisionedNode n, Duration timeout) throws IOException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(n.url() + "/status"))
            .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not serving yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + n.nodeId());
      }
      if (!new SandboxLayout(n.nodeDir().getParent().getParent()).isRunning(n.nodeDir())) {
        throw new IOException(n.nodeId() + " exited during start; see " + SandboxLayout.logFile(n.nodeDir()));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + n.nodeId());
      }
    }
    throw new IOException(n.nodeId() + " did not answer " + n.url() + "/status within " + timeout + "; see "
        + SandboxLayout.logFile(n.nodeDir()));
  }

  static void writeProperties(Path dir, StoreClusterSpec spec, StoreClusterSpec.NodeSpec node) throws IOException {
    Properties p = new Properties();
    p.setProperty("node.id", node.nodeId());
    p.setProperty("cluster.id", spec.clusterId());
    p.setProperty("port", String.valueOf(node.port()));
    p.setProperty("peers", String.join(",",
        spec.nodes().stream().filter(n -> !n.nodeId().equals(node.nodeId())).map(StoreClusterSpec.NodeSpec::url).toList()));
    p.setProperty("keys.dir", SandboxLayout.keysDir(dir).toAbsolutePath().toString());
    p.setProperty("hz.port", String.valueOf(node.hzPort()));
    p.setProperty("hz.members", String.join(",", spec.nodes().stream().map(StoreClusterSpec.NodeSpec::hzAddress).toList()));
    p.setProperty("stop.kill-after-grace", "false");
    spec.hazelcastProperties().forEach(p::setProperty);
    try (Writer w = Files.newBufferedWriter(SandboxLayout.properties(dir), StandardCharsets.UTF_8)) {
      p.store(w, "store node " + node.nodeId() + " of " + spec.clusterId());
    }
  }

  /** Teardown: stops every node of the cluster in parallel, killing after the grace; what happened per node. */
  public List<String> stopAll(Path root, String clusterId, Duration grace) throws IOException {
    SandboxLayout layout = new SandboxLayout(root);
    Path clusterDir = layout.clusterDir(clusterId);
    if (!Files.isDirectory(clusterDir)) {
      return List.of();
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(clusterDir)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    List<CompletableFuture<String>> stops = dirs.stream().map(d -> CompletableFuture.supplyAsync(() -> {
      try {
        return d.getFileName() + ": " + layout.stop(d, grace, SandboxLayout.StopMode.KILL_AFTER_GRACE).describe();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    })).toList();
    return stops.stream().map(CompletableFuture::join).toList();
  }
}
