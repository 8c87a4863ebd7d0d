package dev.relay.node.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.ClusterProfile;
import dev.relay.node.config.RelayConfig;
import dev.relay.node.driver.SandboxDriver;
import dev.relay.node.service.Target;
import dev.relay.sandbox.node.NodeKey;
import dev.relay.sandbox.release.ClusterSpec;
import dev.relay.sandbox.release.Digests;
import dev.relay.sandbox.release.ReleaseArchive;
import dev.relay.sandbox.release.SandboxLayout;
import dev.relay.sandbox.release.SandboxProvisioner;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run and the inventory over a real 3-node sandbox cluster (real processes, real SIGKILL): a healthy
 * release recovers with no lost write; a release whose start script refuses to start a second time (it cannot
 * recover from a crash) does not, and the run says so.
 */
class ChaosTest {

  static final String CLUSTER = "chaos-eu";

  @TempDir
  Path dir;

  private final SandboxProvisioner provisioner = new SandboxProvisioner();
  private Path root;

  @AfterEach
  void stop() throws IOException {
    if (root != null) {
      provisioner.stopAll(root, CLUSTER);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A driver whose only setting is the sandbox root (all SandboxDriver reads). */
  static SandboxDriver driver(Path root) {
    RelayConfig.Sandbox sandbox = () -> root;
    RelayConfig config = (RelayConfig) Proxy.newProxyInstance(RelayConfig.class.getClassLoader(),
        new Class<?>[] {RelayConfig.class}, (p, m, a) -> m.getName().equals("sandbox") ? sandbox : null);
    return new SandboxDriver(config);
  }

  /** Provisions and starts 3 nodes from a release with this start script, each holding the company key. */
  private Target cluster(String binScript, PublicKey company) throws Exception {
    root = dir.resolve("sandbox");
    Path jar = Path.of(System.getProperty("sandbox.node.jar"));
    Path release = dir.resolve("dist/sandbox-node-1.0.0.tar.gz");
    ReleaseArchive.pack(jar, "1.0.0", release, binScript);
    List<ClusterSpec.NodeSpec> nodes = List.of(new ClusterSpec.NodeSpec("node-1", freePort()),
        new ClusterSpec.NodeSpec("node-2", freePort()), new ClusterSpec.NodeSpec("node-3", freePort()));
    SandboxLayout layout = new SandboxLayout(root);
    for (ClusterSpec.NodeSpec n : nodes) {
      Path keys = SandboxLayout.keysDir(layout.nodeDir(CLUSTER, n.nodeId()));
      Files.createDirectories(keys);
      Files.write(NodeKey.companyKeyFile(keys), company.getEncoded());
    }
    provisioner.provision(root, new ClusterSpec(CLUSTER, nodes, release, Digests.of(release), 200, 300));
    ClusterProfile profile = new ClusterProfile(CLUSTER, "SME", "sandbox",
        nodes.stream().map(n -> new ClusterProfile.Node(n.nodeId(), n.url())).toList());
    return new Target(profile, null, driver(root));
  }

  private static void awaitAllHealthy(Target t) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<InventoryEntry> inv = new Inventory().of(t);
      if (inv.stream().allMatch(e -> e.status() != null && e.status().path("health").asInt() == 100
          && "healthy".equals(e.status().path("state").asText()))) {
        return;
      }
      assertThat(System.nanoTime()).as("cluster healthy within 30 s: " + inv).isLessThan(end);
      Thread.sleep(200);
    }
  }

  @Test
  void aHealthyReleaseRecoversWithNoLostWrite() throws Exception {
    PublicKey company = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    Target t = cluster(ReleaseArchive.BIN_SCRIPT, company);
    awaitAllHealthy(t);

    List<InventoryEntry> before = new Inventory().of(t);
    assertThat(before).hasSize(3).allSatisfy(e -> {
      assertThat(e.running()).isTrue();
      assertThat(e.status().path("companyKeyFingerprint").asText()).isEqualTo(NodeKey.fingerprint(company.getEncoded()));
      assertThat(e.status().path("nodeKeyFingerprint").asText()).hasSize(16);
      assertThat(e.status().path("diskUsableBytes").asLong()).isPositive();
    });
    long pid3 = before.get(2).status().path("pid").asLong();

    Chaos.Result r = new Chaos().run(t, 0.3, Duration.ofSeconds(2), Duration.ofSeconds(40));

    assertThat(r.reason()).isNull();
    assertThat(r.killed()).containsExactly("node-3");
    assertThat(r.allHealthy()).isTrue();
    assertThat(r.writes()).isPositive();
    assertThat(r.reads()).isEqualTo(r.writes());
    assertThat(r.failedWrites()).isZero();
    assertThat(r.lostWrites()).isZero();
    List<InventoryEntry> after = new Inventory().of(t);
    JsonNode node3 = after.get(2).status();
    assertThat(node3.path("pid").asLong()).as("node-3 is a new process").isNotEqualTo(pid3);
    assertThat(after).allSatisfy(e -> assertThat(e.status().path("draining").asBoolean()).isFalse());
  }

  @Test
  void aReleaseThatCannotStartAgainFailsTheRunWithTheReason() throws Exception {
    String once = "#!/bin/sh\n"
        + "marker=\"$(dirname \"$0\")/../started-once\"\n"
        + "if [ -e \"$marker\" ]; then echo 'this release does not start again after a crash' >&2; exit 3; fi\n"
        + "touch \"$marker\"\n"
        + ReleaseArchive.BIN_SCRIPT.substring(ReleaseArchive.BIN_SCRIPT.indexOf('\n') + 1);
    PublicKey company = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    Target t = cluster(once, company);
    awaitAllHealthy(t);

    Chaos.Result r = new Chaos().run(t, 0.3, Duration.ofSeconds(1), Duration.ofSeconds(6));

    assertThat(r.killed()).containsExactly("node-3");
    assertThat(r.allHealthy()).isFalse();
    assertThat(r.reason()).contains("not 100% healthy within 6000 ms").contains("node-3 does not answer");
    assertThat(t.driver().isRunning(t.cluster(), t.cluster().nodes().get(2))).isFalse();
  }

  @Test
  void victimsAreTheCeilingOfTheFractionAndLeaveOneNode() {
    assertThat(Chaos.victims(3, 0.3)).isEqualTo(1);
    assertThat(Chaos.victims(10, 0.3)).isEqualTo(3);
    assertThat(Chaos.victims(11, 0.3)).isEqualTo(4);
    assertThat(Chaos.victims(2, 1.0)).isEqualTo(1);
  }
}
