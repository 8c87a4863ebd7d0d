package dev.relay.node;

import com.sun.net.httpserver.HttpServer;
import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterRegistry;
import dev.relay.sandbox.release.ClusterSpec;
import dev.relay.sandbox.release.Digests;
import dev.relay.sandbox.release.ReleaseArchive;
import dev.relay.sandbox.release.SandboxProvisioner;
import dev.relay.sandbox.traffic.HaproxyConfig;
import dev.relay.sandbox.traffic.HaproxyProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real 3-node sandbox cluster (short join/rebalance) in a temp folder, its clusters.json, and a small JDK HTTP
 * server standing in for artifact-service ({@code GET /blobs/{digest}}). Serves release 1.0.0 and 1.1.0 under their
 * digests, and under a third digest ("bad") the bytes of 1.1.0, which do not match it. Also a blue-green cluster
 * ({@link #BG}: blue-1, blue-2 serving, green-1, green-2 in maintenance) behind a real HAProxy with its runtime API
 * socket. Stops every node and HAProxy at the end.
 */
public class SandboxClusterResource implements QuarkusTestResourceLifecycleManager {

  public static final String CLUSTER = "sandbox-eu";
  public static final String GHOST = "ghost";
  public static final String BG = "bg-eu";
  public static final String BACKEND = "bg";

  private final SandboxProvisioner provisioner = new SandboxProvisioner();
  private Path dir;
  private Path sandboxRoot;
  private HttpServer artifacts;
  private Thread stopHook;
  private HaproxyProcess haproxy;

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
    // issue 3: a signed-looking release with a symlink pointing outside; the node must refuse it whole
    Path v4 = dir.resolve("dist/sandbox-node-1.3.0-evil.tar.gz");
    try (OutputStream f = Files.newOutputStream(v4);
        org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
            new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(f))) {
      byte[] version = "1.3.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("VERSION");
      e.setSize(version.length);
      tar.putArchiveEntry(e);
      tar.write(version);
      tar.closeArchiveEntry();
      var link = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("lib/passwd",
          org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("/etc/passwd");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      tar.finish();
    }
    String evil = Digests.of(v4);
    Map<String, Path> blobs = Map.of(d1, v1, d2, v2, bad, v2, evil, v4);

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

    List<ClusterSpec.NodeSpec> blue = List.of(
        new ClusterSpec.NodeSpec("blue-1", freePort()), new ClusterSpec.NodeSpec("blue-2", freePort()));
    List<ClusterSpec.NodeSpec> green = List.of(
        new ClusterSpec.NodeSpec("green-1", freePort()), new ClusterSpec.NodeSpec("green-2", freePort()));
    provisioner.provision(sandboxRoot, new ClusterSpec(BG, blue, v1, d1, 200, 300));
    provisioner.provision(sandboxRoot, new ClusterSpec(BG, green, v1, d1, 200, 300));
    awaitReady(blue);
    awaitReady(green);
    Path lb = dir.resolve("haproxy");
    haproxy = HaproxyProcess.start(lb, new HaproxyConfig(BACKEND, freePort(), lb.resolve("admin.sock"),
        lb.resolve("server-state"), servers(blue), servers(green), 200), Duration.ofSeconds(20));

    Path clusters = dir.resolve("clusters.json");
    new ClusterRegistry(List.of(
        new ClusterProfile(CLUSTER, "SME", "sandbox",
            nodes.stream().map(n -> new ClusterProfile.Node(n.nodeId(), n.url())).toList()),
        new ClusterProfile(BG, "ENTERPRISE", "sandbox", profileNodes(blue), profileNodes(green),
            new ClusterProfile.Traffic(haproxy.socket().toString(), BACKEND, haproxy.frontendUrl())),
        new ClusterProfile(GHOST, "SME", "sandbox",
            List.of(new ClusterProfile.Node("ghost-1", "http://127.0.0.1:" + freePort())))))
        .save(clusters);

    Map<String, String> config = new HashMap<>();
    config.put("relay.clusters-file", clusters.toString());
    config.put("relay.sandbox.root", sandboxRoot.toString());
    config.put("relay.artifact-service.url", "http://127.0.0.1:" + artifacts.getAddress().getPort());
    // longer than every stream that must finish on the drained group, shorter than the one that must be cut
    config.put("relay.traffic.drain-limit", "6s");
    config.put("test.digest.v1", d1);
    config.put("test.digest.v2", d2);
    config.put("test.digest.bad", bad);
    config.put("test.digest.evil", evil);
    for (ClusterSpec.NodeSpec n : nodes) {
      config.put("test.node." + n.nodeId() + ".url", n.url());
    }
    for (ClusterSpec.NodeSpec n : blue) {
      config.put("test.node." + n.nodeId() + ".url", n.url());
    }
    for (ClusterSpec.NodeSpec n : green) {
      config.put("test.node." + n.nodeId() + ".url", n.url());
    }
    config.put("test.bg.frontend", haproxy.frontendUrl());
    config.put("test.bg.socket", haproxy.socket().toString());
    return config;
  }

  private static List<HaproxyConfig.Server> servers(List<ClusterSpec.NodeSpec> nodes) {
    return nodes.stream().map(n -> new HaproxyConfig.Server(n.nodeId(), n.port())).toList();
  }

  private static List<ClusterProfile.Node> profileNodes(List<ClusterSpec.NodeSpec> nodes) {
    return nodes.stream().map(n -> new ClusterProfile.Node(n.nodeId(), n.url())).toList();
  }

  /** Waits until every node answers /ready with 200 (HAProxy's checks then find them UP from the start). */
  private static void awaitReady(List<ClusterSpec.NodeSpec> nodes) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (ClusterSpec.NodeSpec n : nodes) {
      while (true) {
        try {
          if (http.send(HttpRequest.newBuilder(URI.create(n.url() + "/ready")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            break;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > end) {
          throw new IllegalStateException(n.nodeId() + " not ready within 30 s");
        }
        Thread.sleep(100);
      }
    }
  }

  private void stopNodes() {
    if (haproxy != null) {
      haproxy.close();
    }
    try {
      if (sandboxRoot != null) {
        provisioner.stopAll(sandboxRoot, CLUSTER);
        provisioner.stopAll(sandboxRoot, BG);
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
