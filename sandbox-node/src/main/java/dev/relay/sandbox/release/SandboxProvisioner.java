package dev.relay.sandbox.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
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
 * Creates a sandbox cluster on disk and starts it: per node a folder with node.properties (peers = the other nodes),
 * the initial release unpacked and made current, and a running process. Used by the local stack and by tests. Also
 * stops every node of a cluster.
 */
public final class SandboxProvisioner {

  /** A provisioned node: id, base URL and folder. */
  public record ProvisionedNode(String nodeId, String url, Path nodeDir) {}

  private final ReleaseArchive archive;

  public SandboxProvisioner() {
    this(new ReleaseArchive());
  }

  public SandboxProvisioner(ReleaseArchive archive) {
    this.archive = archive;
  }

  public List<ProvisionedNode> provision(Path root, ClusterSpec spec) throws IOException {
    SandboxLayout layout = new SandboxLayout(root);
    ReleaseInstaller installer = new ReleaseInstaller(layout, archive);
    List<ProvisionedNode> out = new ArrayList<>();
    for (ClusterSpec.NodeSpec node : spec.nodes()) {
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
    }
    return out;
  }

  private static void writeProperties(Path dir, ClusterSpec spec, ClusterSpec.NodeSpec node) throws IOException {
    Properties p = new Properties();
    p.setProperty("node.id", node.nodeId());
    p.setProperty("cluster.id", spec.clusterId());
    p.setProperty("port", String.valueOf(node.port()));
    p.setProperty("peers", String.join(",",
        spec.nodes().stream().filter(n -> !n.nodeId().equals(node.nodeId())).map(ClusterSpec.NodeSpec::url).toList()));
    p.setProperty("join.delay.ms", String.valueOf(spec.joinDelayMs()));
    p.setProperty("rebalance.ms", String.valueOf(spec.rebalanceMs()));
    p.setProperty("keys.dir", SandboxLayout.keysDir(dir).toAbsolutePath().toString());
    try (Writer w = Files.newBufferedWriter(SandboxLayout.properties(dir), StandardCharsets.UTF_8)) {
      p.store(w, "sandbox node " + node.nodeId() + " of " + spec.clusterId());
    }
  }

  /** Stops every node of the cluster (in parallel, 5 s grace each); returns what happened per node folder. */
  public List<String> stopAll(Path root, String clusterId) throws IOException {
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
        return d.getFileName() + ": " + layout.stop(d, Duration.ofSeconds(5)).describe();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    })).toList();
    return stops.stream().map(CompletableFuture::join).toList();
  }
}
