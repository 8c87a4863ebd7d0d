package dev.relay.sandbox.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A real 3-node sandbox cluster of local processes, started from this module's own jar. */
@SuppressWarnings("unchecked")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxClusterTest {

  static final String CLUSTER = "test-cluster";
  static Path root;
  static List<SandboxProvisioner.ProvisionedNode> nodes;
  static final SandboxProvisioner PROVISIONER = new SandboxProvisioner();

  @BeforeAll
  static void provision() throws Exception {
    root = Files.createTempDirectory("sandbox-cluster-test");
    Path release = root.resolve("sandbox-node-1.0.0.tar.gz");
    ReleaseArchive.pack(TestHttp.builtJar(), "1.0.0", release);
    List<ClusterSpec.NodeSpec> specs = List.of(
        new ClusterSpec.NodeSpec("node-1", TestHttp.freePort()),
        new ClusterSpec.NodeSpec("node-2", TestHttp.freePort()),
        new ClusterSpec.NodeSpec("node-3", TestHttp.freePort()));
    try {
      nodes = PROVISIONER.provision(root, new ClusterSpec(CLUSTER, specs, release, Digests.of(release), 300, 700));
    } catch (Exception e) {
      stopAll();
      throw e;
    }
  }

  @AfterAll
  static void stopAll() throws Exception {
    List<String> stopped = PROVISIONER.stopAll(root, CLUSTER);
    for (SandboxProvisioner.ProvisionedNode n : nodes == null ? List.<SandboxProvisioner.ProvisionedNode>of() : nodes) {
      assertThat(new SandboxLayout(root).isRunning(n.nodeDir())).isFalse();
    }
    assertThat(stopped).allSatisfy(s -> assertThat(s).doesNotContain("killed"));
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void clusterHealthy() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> healthPercent(url("node-1")) == 100);
  }

  static String url(String node) {
    return nodes.stream().filter(n -> n.nodeId().equals(node)).findFirst().orElseThrow().url();
  }

  static Path dir(String node) {
    return nodes.stream().filter(n -> n.nodeId().equals(node)).findFirst().orElseThrow().nodeDir();
  }

  static int healthPercent(String url) {
    try {
      return ((Number) TestHttp.get(url + "/cluster").body().get("healthPercent")).intValue();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  @Order(1)
  void allMembersJoinAndTheClusterReachesFullHealth() throws Exception {
    Map<String, Object> view = TestHttp.get(url("node-2") + "/cluster").body();
    assertThat(view.get("healthPercent")).isEqualTo(100L);
    assertThat((List<Object>) view.get("joined")).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
    assertThat((List<Object>) view.get("rebalancing")).isEmpty();
    assertThat((List<Object>) view.get("notHealthy")).isEmpty();
    Map<String, Object> status = TestHttp.get(url("node-3") + "/status").body();
    assertThat(status).containsEntry("id", "node-3").containsEntry("cluster", CLUSTER)
        .containsEntry("version", "1.0.0").containsEntry("state", "healthy").containsEntry("draining", false);
    assertThat((String) status.get("nodeKeyFingerprint")).matches("[0-9a-f]{16}");
    assertThat(new SandboxLayout(root).patchLog(dir("node-3"))).hasSize(1);
  }

  @Test
  @Order(2)
  void aNodeReportingLowHealthKeepsTheClusterBelowFullWithItsWarning() throws Exception {
    assertThat(TestHttp.post(url("node-3") + "/admin/health?percent=85&warning=disk%20slow").code()).isEqualTo(200);
    try {
      Map<String, Object> view = TestHttp.get(url("node-1") + "/cluster").body();
      assertThat(((Number) view.get("healthPercent")).intValue()).isEqualTo(95);
      assertThat((List<Object>) view.get("warnings")).contains("node-3: disk slow");
      assertThat((List<Object>) view.get("notHealthy")).containsExactly("node-3");
    } finally {
      TestHttp.post(url("node-3") + "/admin/health?percent=100");
    }
    Map<String, Object> view = TestHttp.get(url("node-1") + "/cluster").body();
    assertThat(view.get("healthPercent")).isEqualTo(100L);
    assertThat((List<Object>) view.get("warnings")).isEmpty();
  }

  @Test
  @Order(3)
  void drainingRefusesNewWorkAndLetsInFlightWorkFinish() throws Exception {
    String node = url("node-2");
    CompletableFuture<TestHttp.Reply> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return TestHttp.get(node + "/work?ms=1500");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> inflight(node) == 1);
    try {
      assertThat(TestHttp.post(node + "/admin/drain").body()).containsEntry("draining", true);
      TestHttp.Reply refused = TestHttp.get(node + "/work?ms=1");
      assertThat(refused.code()).isEqualTo(503);
      assertThat(refused.body()).containsEntry("error", "draining");
      assertThat(healthPercent(url("node-1"))).isLessThan(100);

      TestHttp.Reply finished = slow.get();
      assertThat(finished.code()).isEqualTo(200);
      assertThat(finished.body()).containsEntry("node", "node-2").containsEntry("version", "1.0.0");
      assertThat(inflight(node)).isZero();
    } finally {
      TestHttp.post(node + "/admin/undrain");
    }
    assertThat(TestHttp.get(node + "/work?ms=1").code()).isEqualTo(200);
  }

  static int inflight(String url) throws Exception {
    return ((Number) TestHttp.get(url + "/status").body().get("inflight")).intValue();
  }

  @Test
  @Order(4)
  void theNodeKeySurvivesARestartAndAPatchToANewRelease() throws Exception {
    SandboxLayout layout = new SandboxLayout(root);
    Path dir = dir("node-1");
    Map<String, Object> before = TestHttp.get(url("node-1") + "/status").body();

    StopOutcome stopped = layout.stop(dir, Duration.ofSeconds(5));
    assertThat(stopped.result()).isEqualTo(StopOutcome.Result.STOPPED);
    assertThat(layout.isRunning(dir)).isFalse();
    assertThat(Files.readString(SandboxLayout.logFile(dir))).contains("node-1 stopped");

    Path next = root.resolve("sandbox-node-1.1.0.tar.gz");
    ReleaseArchive.pack(TestHttp.builtJar(), "1.1.0", next);
    ReleaseInstaller.Installed installed =
        new ReleaseInstaller(layout, new ReleaseArchive()).install(dir, next, "1.1.0", Digests.of(next));
    assertThat(installed.unpacked()).isTrue();
    assertThat(installed.release().dir().getFileName().toString())
        .isEqualTo("1.1.0-" + Digests.hex12(Digests.of(next)));
    layout.switchCurrent(dir, installed.release());
    assertThat(layout.currentRelease(dir)).hasValueSatisfying(r -> assertThat(r.version()).isEqualTo("1.1.0"));
    layout.start(dir);

    await().atMost(Duration.ofSeconds(20)).until(() -> healthPercent(url("node-2")) == 100);
    Map<String, Object> after = TestHttp.get(url("node-1") + "/status").body();
    assertThat(after.get("version")).isEqualTo("1.1.0");
    assertThat(after.get("pid")).isNotEqualTo(before.get("pid"));
    assertThat(after.get("nodeKeyFingerprint")).isEqualTo(before.get("nodeKeyFingerprint"));
    assertThat(layout.releaseFor(dir, "1.0.0")).isPresent();
  }
}
