package dev.relay.node;

import com.sun.net.httpserver.HttpServer;
import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterRegistry;
import dev.relay.sandbox.release.ClusterSpec;
import dev.relay.sandbox.release.Digests;
import dev.relay.sandbox.release.ReleaseArchive;
import dev.relay.sandbox.release.SandboxProvisioner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real 3-node sandbox cluster (short join/rebalance) in a temp folder, its clusters.json, and a small JDK HTTP
 * server standing in for artifact-service ({@code GET /blobs/{digest}}). Serves release 1.0.0 and 1.1.0 under their
 * digests, and under a third digest ("bad") the bytes of 1.1.0, which do not match it. Stops every node at the end.
 */
public class SandboxClusterResource implements QuarkusTestResourceLifecycleManager {

  public static final String CLUSTER = "sandbox-eu";
  public static final String GHOST = "ghost";

  private final SandboxProvisioner provisioner = new SandboxProvisioner();
  private Path dir;
  private Path sandboxRoot;
  private HttpServer artifacts;
  private Thread stopHook;

  @Override
  public Map<String, String> start() {
    try {
      return startUnchecked();
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("sandbox cluster did not start: " + e, e);
    }
  }

  private Map<String, String> startUnchecked() throws Exception {
    dir = Files.createTempDirectory("node-adapter-test");
    sandboxRoot = dir.resolve("sandbox");
    String jarProp = System.getProperty("sandbox.node.jar");
    if (jarProp == null || !Files.isRegularFile(Path.of(jarProp))) {
      throw new IllegalStateException("system property sandbox.node.jar missing or not a file: " + jarProp);
    }
    Path jar = Path.of(jarProp);
    Path v1 = dir.resolve("dist/sandbox-node-1.0.0.tar.gz");
    Path v2 = dir.resolve("dist/sandbox-node-1.1.0.tar.gz");
    Path v3 = dir.resolve("dist/sandbox-node-1.2.0.tar.gz");
    ReleaseArchive.pack(jar, "1.0.0", v1);
    ReleaseArchive.pack(jar, "1.1.0", v2);
    ReleaseArchive.pack(jar, "1.2.0", v3);
    String d1 = Digests.of(v1);
    String d2 = Digests.of(v2);
    String bad = Digests.of(v3);
    Map<String, Path> blobs = Map.of(d1, v1, d2, v2, bad, v2);

    artifacts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    artifacts.createContext("/blobs/", ex -> {
      try (ex) {
        String digest = ex.getRequestURI().getPath().substring("/blobs/".length());
        Path blob = blobs.get(digest);
        if (blob == null) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        ex.sendResponseHeaders(200, Files.size(blob));
        try (OutputStream out = ex.getResponseBody()) {
          Files.copy(blob, out);
        }
      }
    });
    artifacts.start();

    stopHook = new Thread(this::stopNodes, "sandbox-cluster-stop");
    Runtime.getRuntime().addShutdownHook(stopHook);
    List<ClusterSpec.NodeSpec> nodes = List.of(
        new ClusterSpec.NodeSpec("node-1", freePort()),
        new ClusterSpec.NodeSpec("node-2", freePort()),
        new ClusterSpec.NodeSpec("node-3", freePort()));
    provisioner.provision(sandboxRoot, new ClusterSpec(CLUSTER, nodes, v1, d1, 300, 700));

    Path clusters = dir.resolve("clusters.json");
    new ClusterRegistry(List.of(
        new ClusterProfile(CLUSTER, "SME", "sandbox",
            nodes.stream().map(n -> new ClusterProfile.Node(n.nodeId(), n.url())).toList()),
        new ClusterProfile(GHOST, "SME", "sandbox",
            List.of(new ClusterProfile.Node("ghost-1", "http://127.0.0.1:" + freePort())))))
        .save(clusters);

    Map<String, String> config = new HashMap<>();
    config.put("relay.clusters-file", clusters.toString());
    config.put("relay.sandbox.root", sandboxRoot.toString());
    config.put("relay.artifact-service.url", "http://127.0.0.1:" + artifacts.getAddress().getPort());
    config.put("test.digest.v1", d1);
    config.put("test.digest.v2", d2);
    config.put("test.digest.bad", bad);
    for (ClusterSpec.NodeSpec n : nodes) {
      config.put("test.node." + n.nodeId() + ".url", n.url());
    }
    return config;
  }

  private void stopNodes() {
    try {
      if (sandboxRoot != null) {
        provisioner.stopAll(sandboxRoot, CLUSTER);
      }
    } catch (IOException e) {
      System.err.println("stopping the sandbox cluster failed: " + e);
    }
  }

  @Override
  public void stop() {
    stopNodes();
    if (artifacts != null) {
      artifacts.stop(0);
    }
    if (stopHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopHook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs anyway
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not remove " + dir + ": " + e);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
