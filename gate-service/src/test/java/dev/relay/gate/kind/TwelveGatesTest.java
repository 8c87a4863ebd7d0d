package dev.relay.gate.kind;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.gate.table.GateDefinition;
import dev.relay.gate.table.GateTable;
import dev.relay.gate.table.GateTableLoader;
import dev.relay.gate.table.HostAllowList;
import dev.relay.gate.table.LoadRules;
import dev.relay.testkit.InProcessKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every gate of the shipped table ({@code infra-gates.csv}, loaded as the service loads it), judged by its real
 * judge against fake upstreams: once where it must pass, once where it must fail. cluster-health and
 * artifact-signature have their own tests (ClusterHealthGateTest, ArtifactSignatureGateTest); they are judged here too.
 */
class TwelveGatesTest {

  static final String COMPANY = "c0ffee00c0ffee00";

  private final RoutedHttp up = new RoutedHttp();
  private final GateTable table = GateTableLoader.load(Path.of("infra-gates.csv"),
      new LoadRules(HostAllowList.loopback(), Map.of("node-adapter", up.url(), "artifact-service", up.url(),
          "compliance-watcher", up.url()), null));
  private final JsonCalls json = new JsonCalls(new HttpCalls());
  private final NodeInventory inventory = new NodeInventory(Optional.of(up.url()), Optional.empty(), json);

  @AfterEach
  void close() {
    up.close();
  }

  private GateDefinition gate(String id) {
    return table.gates().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
  }

  private GateOutcome judge(GateKind kind, String id, String version) {
    return judge(kind, id, version, g -> Map.of("cluster", "c1", "artifact", "chat", "version", version, "tier", "1",
        "phase", g.phase().name()));
  }

  /** As a request for the group the release went to ("nodes" in Tier 1, "green" or "blue" in Tier 2) fills it. */
  private GateOutcome judge(GateKind kind, String id, String version, String group) {
    return judge(kind, id, version, g -> Map.of("cluster", "c1", "artifact", "chat", "version", version, "tier",
        group.equals("nodes") ? "1" : "2", "phase", g.phase().name(), "group", group));
  }

  private GateOutcome judge(GateKind kind, String id, String version,
      java.util.function.Function<GateDefinition, Map<String, String>> valuesOf) {
    GateDefinition g = gate(id);
    Map<String, String> values = valuesOf.apply(g);
    return kind.judge(new GateCall(g, g.template().fill(values), values,
        g.timeout() != null ? g.timeout() : Duration.ofSeconds(5)));
  }

  private static String node(String id, String group, String status) {
    return "{\"node\":\"" + id + "\",\"group\":\"" + group + "\",\"url\":\"http://127.0.0.1:1\",\"running\":true,"
        + "\"status\":" + status + "}";
  }

  private static String status(String version, String nodeKey, String companyKey) {
    return "{\"version\":\"" + version + "\",\"state\":\"healthy\",\"health\":100,\"draining\":false"
        + (nodeKey == null ? "" : ",\"nodeKeyFingerprint\":\"" + nodeKey + "\"")
        + (companyKey == null ? "" : ",\"companyKeyFingerprint\":\"" + companyKey + "\"") + "}";
  }

  private void inventory(String... nodes) {
    up.on("/clusters/c1/inventory", 200, "{\"clusterId\":\"c1\",\"nodes\":[" + String.join(",", nodes) + "]}");
  }

  @Test
  void theShippedTableHasTwelveGates() {
    assertThat(table.gates()).extracting(GateDefinition::id).containsExactly("cluster-health", "artifact-signature",
        "key-persistence", "no-downgrade", "disk-room", "no-public-registry", "message-bus", "clock-skew",
        "compliance-lock", "green-synced", "version-converged", "chaos-resilience");
    assertThat(gate("version-converged").template().words())
        .containsExactly(up.url() + "/clusters/{cluster}/on-version/{version}?group={group}");
    assertThat(gate("clock-skew").template().words().get(0)).endsWith("/gate-service/scripts/clock-skew.sh");
    // Tier 2 kills no serving node after its window (see the README): chaos is a Tier 1 gate
    assertThat(gate("chaos-resilience").appliesTo(dev.relay.contracts.GatePhase.POST_DEPLOY, 1)).isTrue();
    assertThat(gate("chaos-resilience").appliesTo(dev.relay.contracts.GatePhase.POST_DEPLOY, 2)).isFalse();
    assertThat(gate("version-converged").appliesTo(dev.relay.contracts.GatePhase.POST_DEPLOY, 2)).isTrue();
  }

  @Test
  void clusterHealth() {
    ClusterHealthGate g = new ClusterHealthGate(Optional.of(up.url()), Optional.empty(), new HttpCalls());
    up.on("/clusters/c1/health", 200, "{\"healthPercent\":100,\"notHealthy\":[],\"warnings\":[]}");
    assertThat(judge(g, "cluster-health", "1.2.0").passed()).isTrue();
    up.on("/clusters/c1/health", 200, "{\"healthPercent\":99,\"notHealthy\":[],\"warnings\":[\"n2 rebalancing\"]}");
    GateOutcome o = judge(g, "cluster-health", "1.2.0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("99%");
  }

  @Test
  void artifactSignature() {
    ArtifactSignatureGate g = new ArtifactSignatureGate(Optional.of(up.url()), Optional.empty(), new HttpCalls());
    up.on("/artifacts/chat/1.2.0/verify", 200, "{\"verified\":true,\"digest\":\"sha256:00\",\"keyId\":\"k\"}");
    assertThat(judge(g, "artifact-signature", "1.2.0").passed()).isTrue();
    up.on("/artifacts/chat/1.2.0/verify", 200, "{\"verified\":false,\"reason\":\"signature does not match\"}");
    GateOutcome o = judge(g, "artifact-signature", "1.2.0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("signature does not match");
  }

  @Test
  void keyPersistence() {
    KeyPersistenceGate g = new KeyPersistenceGate(inventory, Optional.of(COMPANY));
    inventory(node("n1", "nodes", status("1.0.0", "aa", COMPANY)), node("n2", "nodes", status("1.0.0", "bb", COMPANY)));
    assertThat(judge(g, "key-persistence", "1.2.0").passed()).isTrue();
    inventory(node("n1", "nodes", status("1.0.0", "aa", COMPANY)), node("n2", "nodes", status("1.0.0", "bb", null)));
    GateOutcome missing = judge(g, "key-persistence", "1.2.0");
    assertThat(missing.passed()).isFalse();
    assertThat(missing.text()).contains("1 of 2 nodes").contains("n2 does not report companyKeyFingerprint");
    inventory(node("n1", "nodes", status("1.0.0", "aa", "0000000000000000")));
    assertThat(judge(g, "key-persistence", "1.2.0").text()).contains("n1 has company key 0000000000000000");
  }

  @Test
  void noDowngrade() {
    NoDowngradeGate g = new NoDowngradeGate(inventory);
    inventory(node("n1", "nodes", status("1.1.0", "aa", COMPANY)), node("n2", "nodes", status("1.2.0", "bb", COMPANY)));
    assertThat(judge(g, "no-downgrade", "1.2.0").passed()).isTrue();
    GateOutcome o = judge(g, "no-downgrade", "1.1.9");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("n2 runs 1.2.0, newer than the target 1.1.9");
    assertThat(judge(g, "no-downgrade", "latest").text()).contains("not a semantic version");
  }

  @Test
  void diskRoom() {
    DiskRoomGate g = new DiskRoomGate(Optional.of(up.url()), Optional.empty(), Optional.of(up.url()),
        Optional.empty(), json);
    up.on("/artifacts/chat/1.2.0", 200, "{\"name\":\"chat\",\"version\":\"1.2.0\",\"size\":1000}");
    up.on("/clusters/c1/disk", 200, "{\"nodes\":[{\"node\":\"n1\",\"usableBytes\":4000},"
        + "{\"node\":\"n2\",\"usableBytes\":90000}]}");
    assertThat(judge(g, "disk-room", "1.2.0").passed()).isTrue();
    up.on("/clusters/c1/disk", 200, "{\"nodes\":[{\"node\":\"n1\",\"usableBytes\":3999},"
        + "{\"node\":\"n2\",\"error\":\"no such folder\"}]}");
    GateOutcome o = judge(g, "disk-room", "1.2.0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("n1 has 3999 bytes usable").contains("n2 reports no usableBytes");
  }

  @Test
  void noPublicRegistry() {
    NoPublicRegistryGate g = new NoPublicRegistryGate(Optional.of(up.url()), Optional.empty(),
        HostAllowList.loopback(), Map.of("node-adapter", up.url()), Optional.of("127.0.0.1:9092"), json);
    up.on("/artifacts/chat/1.2.0", 200, "{\"name\":\"chat\",\"version\":\"1.2.0\",\"size\":1000,"
        + "\"source\":\"file:///srv/releases/chat-1.2.0.tar.gz\"}");
    assertThat(judge(g, "no-public-registry", "1.2.0").passed()).isTrue();
    up.on("/artifacts/chat/1.2.0", 200, "{\"name\":\"chat\",\"version\":\"1.2.0\",\"size\":1000,"
        + "\"source\":\"https://registry-1.docker.io/v2/chat/blobs/sha256:00\"}");
    GateOutcome o = judge(g, "no-public-registry", "1.2.0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("registry-1.docker.io");
    GateOutcome unknown = judge(g, "no-public-registry", "9.9.9");
    assertThat(unknown.passed()).isFalse();
    assertThat(unknown.text()).contains("not in the local registry");
  }

  @Test
  void messageBus() throws Exception {
    InProcessKafka kafka = InProcessKafka.shared();
    kafka.createTopics(List.of("gate.test.required"));
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    try (var admin = kafka.admin()) {
      while (!admin.listTopics().names().get().contains("gate.test.required") && System.nanoTime() < until) {
        Thread.sleep(100);
      }
    }
    GateOutcome ok = judge(new MessageBusGate(Optional.of(kafka.bootstrapServers()), List.of("gate.test.required")),
        "message-bus", "1.2.0");
    assertThat(ok.passed()).as(ok.text()).isTrue();
    GateOutcome missing = judge(new MessageBusGate(Optional.of(kafka.bootstrapServers()),
        List.of("gate.test.required", "gate.test.absent")), "message-bus", "1.2.0");
    assertThat(missing.passed()).isFalse();
    assertThat(missing.text()).contains("lacks required topic(s) [gate.test.absent]");
    GateDefinition g = gate("message-bus");
    GateOutcome down = new MessageBusGate(Optional.of("127.0.0.1:1"), List.of()).judge(
        new GateCall(g, g.template().words(), Map.of(), Duration.ofSeconds(2)));
    assertThat(down.passed()).isFalse();
  }

  @Test
  void clockSkew() {
    // the nodes are this fake itself: its JDK HttpServer sends a Date header on /status
    up.on("/status", 200, "{}");
    up.on("/clusters/c1/inventory", 200, "{\"nodes\":[{\"node\":\"n1\",\"url\":\"" + up.url() + "\"},"
        + "{\"node\":\"n2\",\"url\":\"" + up.url() + "\"}]}");
    CommandGate g = new CommandGate(Map.of("RELAY_NODE_ADAPTER_URL", up.url()));
    GateOutcome ok = judge(g, "clock-skew", "1.2.0");
    assertThat(ok.passed()).as(ok.text()).isTrue();
    up.on("/clusters/c1/inventory", 200, "{\"nodes\":[{\"node\":\"n1\",\"url\":\"" + up.url() + "\"},"
        + "{\"node\":\"n2\",\"url\":\"http://127.0.0.1:1\"}]}");
    GateOutcome half = judge(g, "clock-skew", "1.2.0");
    assertThat(half.passed()).isFalse();
    assertThat(half.text()).contains("50");
  }

  @Test
  void complianceLock() {
    ComplianceLockGate g = new ComplianceLockGate(Optional.of(up.url()), Optional.empty(), json);
    up.on("/locks", 200, "[{\"lockId\":\"l1\",\"scope\":\"other\",\"kind\":\"audit\"}]");
    assertThat(judge(g, "compliance-lock", "1.2.0").passed()).isTrue();
    up.on("/locks", 200, "[{\"lockId\":\"l2\",\"scope\":\"c1\",\"kind\":\"legal-hold\"}]");
    GateOutcome o = judge(g, "compliance-lock", "1.2.0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("l2 (legal-hold");
    up.on("/locks", 503, "restoring");
    assertThat(judge(g, "compliance-lock", "1.2.0").passed()).isFalse();
  }

  @Test
  void greenSynced() {
    GreenSyncedGate g = new GreenSyncedGate(inventory);
    String synced = "{\"state\":\"healthy\",\"health\":100,\"draining\":false,\"replicationLag\":0}";
    String behind = "{\"state\":\"healthy\",\"health\":100,\"draining\":false,\"replicationLag\":3}";
    inventory(node("blue-1", "nodes", status("1.0.0", "aa", COMPANY)), node("green-1", "green", synced));
    assertThat(judge(g, "green-synced", "1.2.0").passed()).isTrue();
    inventory(node("blue-1", "nodes", status("1.0.0", "aa", COMPANY)), node("green-1", "green", behind));
    GateOutcome o = judge(g, "green-synced", "1.2.0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("green-1 replication lag 3 > 0");
  }

  @Test
  void versionConverged() {
    HttpProbeGate g = new HttpProbeGate(new HttpCalls());
    up.on("/clusters/c1/on-version/1.2.0?group=nodes", 200, "100");
    assertThat(judge(g, "version-converged", "1.2.0", "nodes").passed()).isTrue();
    up.on("/clusters/c1/on-version/1.2.0?group=nodes", 200, "66");
    assertThat(judge(g, "version-converged", "1.2.0", "nodes").passed()).isFalse();
    // Tier 2: the group the release went to is asked about, not a fixed one
    up.on("/clusters/c1/on-version/1.2.0?group=blue", 200, "100");
    up.on("/clusters/c1/on-version/1.2.0?group=green", 200, "0");
    assertThat(judge(g, "version-converged", "1.2.0", "blue").passed()).isTrue();
    assertThat(judge(g, "version-converged", "1.2.0", "green").passed()).isFalse();
  }

  @Test
  void chaosResilience() {
    ChaosGate g = new ChaosGate(Optional.of(up.url()), Optional.empty(), Duration.ofSeconds(2), json);
    up.on("/clusters/c1/chaos", 200, "{\"killed\":[\"n2\"],\"writes\":40,\"failedWrites\":0,\"allHealthy\":true,"
        + "\"mode\":\"SIGKILL\",\"seconds\":4}");
    assertThat(judge(g, "chaos-resilience", "1.2.0").passed()).isTrue();
    up.on("/clusters/c1/chaos", 200, "{\"killed\":[\"n2\"],\"writes\":40,\"failedWrites\":0,\"allHealthy\":false,"
        + "\"reason\":\"n2 not healthy by the deadline\"}");
    GateOutcome o = judge(g, "chaos-resilience", "1.2.0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("did not recover").contains("n2 not healthy");
    up.on("/clusters/c1/chaos", 200, "{\"killed\":[\"n2\"],\"writes\":40,\"failedWrites\":2,\"lostWrites\":2,"
        + "\"allHealthy\":true}");
    o = judge(g, "chaos-resilience", "1.2.0");
    assertThat(o.passed()).isFalse();
    assertThat(o.text()).contains("writes were lost").contains("2 lost");
    // an answer without lostWrites is judged on failedWrites, the stricter count
    up.on("/clusters/c1/chaos", 200, "{\"killed\":[\"n2\"],\"writes\":40,\"failedWrites\":2,\"allHealthy\":true}");
    assertThat(judge(g, "chaos-resilience", "1.2.0").text()).contains("writes were lost");
    // writes the store refused while a member was down were never acknowledged: no data lost
    up.on("/clusters/c1/chaos", 200, "{\"killed\":[\"n2\"],\"writes\":25,\"failedWrites\":3,\"lostWrites\":0,"
        + "\"allHealthy\":true}");
    o = judge(g, "chaos-resilience", "1.2.0");
    assertThat(o.passed()).as(o.text()).isTrue();
    assertThat(o.text()).contains("22 acknowledged, 3 refused while down, 0 lost");
    // but a cluster that took no write at all while down is not resilient
    up.on("/clusters/c1/chaos", 200, "{\"killed\":[\"n2\"],\"writes\":25,\"failedWrites\":25,\"lostWrites\":0,"
        + "\"allHealthy\":true}");
    assertThat(judge(g, "chaos-resilience", "1.2.0").text()).contains("no write was acknowledged");
  }

  /** The second Tier 2 deployment goes to blue (green went live before): the gate judges blue, the group switched to. */
  @Test
  void greenSyncedJudgesTheGroupTheTrafficSwitchesTo() {
    GreenSyncedGate g = new GreenSyncedGate(inventory);
    String synced = "{\"state\":\"healthy\",\"health\":100,\"draining\":false,\"replicationLag\":0}";
    String liveNotReplicating = "{\"state\":\"healthy\",\"health\":100,\"draining\":false,\"replicationLag\":null}";
    inventory(node("blue-1", "nodes", synced), node("green-1", "green", liveNotReplicating));
    GateOutcome o = judge(g, "green-synced", "1.2.0", "blue");
    assertThat(o.passed()).as(o.text()).isTrue();
    assertThat(o.text()).startsWith("blue of c1 healthy, blue-1 lag 0");

    String behind = "{\"state\":\"healthy\",\"health\":100,\"draining\":false,\"replicationLag\":500}";
    inventory(node("blue-1", "nodes", behind), node("green-1", "green", synced));
    o = judge(g, "green-synced", "1.2.0", "blue");
    assertThat(o.passed()).as("blue, the target, is 500 behind; green's lag 0 does not count").isFalse();
    assertThat(o.text()).contains("blue-1 replication lag 500 > 0");
    assertThat(judge(g, "green-synced", "1.2.0", "green").passed()).as("green is synced").isTrue();
    assertThat(judge(g, "green-synced", "1.2.0", "nodes").text()).contains("no traffic switch");
  }
}
