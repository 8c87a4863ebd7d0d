package dev.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.sandbox.node.Json;
import dev.relay.sandbox.node.NodeKey;
import dev.relay.sandbox.release.Digests;
import dev.relay.sandbox.release.SandboxLayout;
import dev.relay.sandbox.release.StopOutcome;
import dev.relay.store.release.StoreClusterSpec;
import dev.relay.store.release.StoreProvisioner;
import dev.relay.store.release.StoreRelease;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real 3-member store cluster from the module's own shaded jar: one cluster of three, data loaded through one node
 * and read through another, a drained node refusing data requests, a graceful stop that hands the data off (nothing
 * lost, health below 100 until the node is back and the cluster safe), and a graceful stop whose grace is too short
 * leaving the member running instead of killing it.
 */
class StoreClusterTest {

  static final String CLUSTER = "store-test";
  static final int ENTRIES = 20_000;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Path root;
  static SandboxLayout layout;
  static List<StoreProvisioner.ProvisionedNode> nodes;
  static final StoreProvisioner PROVISIONER = new StoreProvisioner();

  @BeforeAll
  static void provision() throws Exception {
    Path jar = Path.of(System.getProperty("store.node.jar", "target/store-node-0.1.0-SNAPSHOT-node.jar"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "store-");
    Path tar = dir.resolve("store-node-1.0.0.tar.gz");
    StoreRelease.pack(jar, "1.0.0", tar);
    root = dir.resolve("sandbox");
    layout = new SandboxLayout(root);
    List<StoreClusterSpec.NodeSpec> specs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      specs.add(new StoreClusterSpec.NodeSpec("node-" + i, free(), free()));
    }
    nodes = PROVISIONER.provision(root, new StoreClusterSpec(CLUSTER, specs, tar, Digests.of(tar), Map.of()),
        Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws IOException {
    if (root != null) {
      PROVISIONER.stopAll(root, CLUSTER, Duration.ofSeconds(10));
    }
  }

  static int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> call(String method, String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    Map<String, Object> body = (Map<String, Object>) Json.parse(r.body());
    body.put("httpStatus", r.statusCode());
    return body;
  }

  static Map<String, Object> awaitFull(String url) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Map<String, Object> view = null;
    while (System.nanoTime() < end) {
      view = call("GET", url + "/cluster");
      if (((Number) view.get("healthPercent")).intValue() == 100 && ((List<?>) view.get("rebalancing")).isEmpty()) {
        return view;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cluster never reached 100% with nothing rebalancing: " + view);
  }

  @SuppressWarnings("unchecked")
  static List<String> joined(Map<String, Object> view) {
    return (List<String>) view.get("joined");
  }

  static long present(String url) throws Exception {
    return ((Number) call("GET", url + "/data/verify?count=" + ENTRIES).get("present")).longValue();
  }

  @Test
  void dataSurvivesAGracefulStopAndATooShortGraceLeavesTheMemberRunning() throws Exception {
    String n1 = nodes.get(0).url();
    String n2 = nodes.get(1).url();
    String n3 = nodes.get(2).url();
    Map<String, Object> view = awaitFull(n1);
    assertThat(joined(view)).containsExactly("node-1", "node-2", "node-3");
    assertThat(view.get("clusterSafe")).isEqualTo(true);
    assertThat(call("GET", n2 + "/status")).containsEntry("version", "1.0.0").containsEntry("state", "healthy");

    assertThat(call("POST", n1 + "/data/load?count=" + ENTRIES)).containsEntry("loaded", (long) ENTRIES);
    assertThat(present(n3)).isEqualTo(ENTRIES);

    // the sandbox node's hot-state API (what the chaos gate writes through), in its own map: /data counts unchanged
    HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(n1 + "/state/chaos-1"))
        .PUT(HttpRequest.BodyPublishers.ofString("v1")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(call("GET", n3 + "/state/chaos-1")).containsEntry("value", "v1");
    assertThat(call("GET", n3 + "/state/absent")).containsEntry("httpStatus", 404);
    assertThat(call("GET", n2 + "/data/count")).containsEntry("size", (long) ENTRIES);

    // the company key in the node's key store is reported, read on every /status, as the sandbox node reports it
    assertThat(call("GET", n1 + "/status")).containsEntry("companyKeyFingerprint", null).containsKey("diskUsableBytes");
    PublicKey company = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    Files.write(NodeKey.companyKeyFile(SandboxLayout.keysDir(nodes.get(0).nodeDir())), company.getEncoded());
    assertThat(call("GET", n1 + "/status"))
        .containsEntry("companyKeyFingerprint", NodeKey.fingerprint(company.getEncoded()));
    awaitFull(n1);

    // drained: data requests refused, cluster below 100
    call("POST", n2 + "/admin/drain");
    assertThat(call("GET", n2 + "/data/count")).containsEntry("httpStatus", 503);
    assertThat(((Number) call("GET", n1 + "/cluster").get("healthPercent")).intValue()).isLessThan(100);

    // a graceful stop (the node's stop mode never kills) hands the partitions off: nothing lost
    Path dir2 = nodes.get(1).nodeDir();
    assertThat(SandboxLayout.stopMode(dir2)).isEqualTo(SandboxLayout.StopMode.NEVER_KILL);
    StopOutcome stopped = layout.stop(dir2, Duration.ofSeconds(60));
    assertThat(stopped.result()).isEqualTo(StopOutcome.Result.STOPPED);
    assertThat(present(n1)).isEqualTo(ENTRIES);
    view = call("GET", n1 + "/cluster");
    assertThat(joined(view)).containsExactly("node-1", "node-3");
    assertThat(((Number) view.get("healthPercent")).intValue()).isLessThan(100);

    layout.start(dir2);
    PROVISIONER.awaitAnswer(nodes.get(1), Duration.ofSeconds(60));
    view = awaitFull(n3);
    assertThat(joined(view)).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
    assertThat(present(n2)).isEqualTo(ENTRIES);

    // a grace too short for the hand-off: the member is left running (it finishes leaving on its own), never killed
    Path dir3 = nodes.get(2).nodeDir();
    StopOutcome tooShort = layout.stop(dir3, Duration.ofMillis(1));
    assertThat(tooShort.result()).isEqualTo(StopOutcome.Result.STILL_RUNNING);
    assertThat(tooShort.describe()).contains("left running");
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (layout.isRunning(dir3) && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    assertThat(layout.isRunning(dir3)).as("node-3 finished its graceful shutdown on its own").isFalse();
    assertThat(Files.readString(SandboxLayout.logFile(dir3))).contains("member left the cluster gracefully");
    assertThat(present(n1)).isEqualTo(ENTRIES);
  }
}
