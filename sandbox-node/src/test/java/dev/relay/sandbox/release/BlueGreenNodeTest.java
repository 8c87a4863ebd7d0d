package dev.relay.sandbox.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relay.sandbox.traffic.HaproxyConfig;
import dev.relay.sandbox.traffic.HaproxyProcess;
import dev.relay.sandbox.traffic.LoadGenerator;
import dev.relay.sandbox.traffic.LoadReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node program's Tier 2 parts on real processes: hot state replication between two nodes over HTTP, the
 * streaming endpoint, /ready and fault injection; and a real HAProxy in front of them whose runtime state survives a
 * reload, with the load generator counting what it sees.
 */
@SuppressWarnings("unchecked")
class BlueGreenNodeTest {

  static final SandboxProvisioner PROVISIONER = new SandboxProvisioner();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Path root;
  static String blue;
  static String green;
  static int bluePort;
  static int greenPort;

  @BeforeAll
  static void provision() throws Exception {
    root = Files.createTempDirectory("bluegreen-node-test");
    Path release = root.resolve("sandbox-node-1.0.0.tar.gz");
    ReleaseArchive.pack(TestHttp.builtJar(), "1.0.0", release);
    bluePort = TestHttp.freePort();
    greenPort = TestHttp.freePort();
    PROVISIONER.provision(root, new ClusterSpec("bg", List.of(new ClusterSpec.NodeSpec("blue-1", bluePort)),
        release, Digests.of(release), 100, 100));
    PROVISIONER.provision(root, new ClusterSpec("bg", List.of(new ClusterSpec.NodeSpec("green-1", greenPort)),
        release, Digests.of(release), 100, 100));
    blue = "http://127.0.0.1:" + bluePort;
    green = "http://127.0.0.1:" + greenPort;
    await().atMost(Duration.ofSeconds(30)).until(() -> ready(blue) == 200 && ready(green) == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    PROVISIONER.stopAll(root, "bg");
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static int ready(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static int send(String method, String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aReplicaPullsItsSourcesHotStateReportsItsLagAndRefusesLocalWrites() throws Exception {
    assertThat(send("PUT", blue + "/state/user-1", "alice")).isEqualTo(200);
    for (int i = 0; i < 25; i++) {
      assertThat(send("POST", blue + "/work?write=1", null)).isEqualTo(200);
    }
    assertThat(TestHttp.get(green + "/status").body().get("replicatingFrom")).isNull();
    assertThat(TestHttp.post(green + "/admin/replicate?from=" + blue).code()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      Map<String, Object> s = TestHttp.get(green + "/status").body();
      return Long.valueOf(0).equals(s.get("replicationLag")) && s.get("replicationError") == null;
    });
    Map<String, Object> status = TestHttp.get(green + "/status").body();
    assertThat(status).containsEntry("replicatingFrom", blue);
    assertThat(TestHttp.get(green + "/state").body()).isEqualTo(TestHttp.get(blue + "/state").body());
    assertThat((Map<String, Object>) TestHttp.get(green + "/state").body().get("entries"))
        .containsEntry("user-1", "alice").containsEntry("counter", "25");
    assertThat(send("PUT", green + "/state/user-2", "bob")).isEqualTo(409);

    assertThat(TestHttp.post(green + "/admin/replicate/stop").code()).isEqualTo(200);
    assertThat(TestHttp.post(green + "/admin/replicate/stop").code()).isEqualTo(200);
    status = TestHttp.get(green + "/status").body();
    assertThat(status.get("replicatingFrom")).isNull();
    assertThat(status.get("replicationLag")).isNull();
    assertThat(send("PUT", green + "/state/user-2", "bob")).isEqualTo(200);
  }

  @Test
  void readyAndInjectedFaults() throws Exception {
    assertThat(TestHttp.post(blue + "/admin/fail?percent=100").code()).isEqualTo(200);
    try {
      assertThat(TestHttp.get(blue + "/work").code()).isEqualTo(500);
    } finally {
      TestHttp.post(blue + "/admin/fail?percent=0");
    }
    assertThat(TestHttp.get(blue + "/work").code()).isEqualTo(200);
    TestHttp.post(green + "/admin/drain");
    try {
      assertThat(ready(green)).isEqualTo(503);
    } finally {
      TestHttp.post(green + "/admin/undrain");
    }
    assertThat(ready(green)).isEqualTo(200);
  }

  @Test
  void haproxyKeepsRuntimeStateOverAReloadAndTheLoadSeesNoErrorAndAWholeStream() throws Exception {
    Path dir = root.resolve("haproxy");
    HaproxyConfig cfg = new HaproxyConfig("bg", TestHttp.freePort(), dir.resolve("admin.sock"),
        dir.resolve("server-state"), List.of(new HaproxyConfig.Server("blue-1", bluePort)),
        List.of(new HaproxyConfig.Server("green-1", greenPort)), 200);
    try (HaproxyProcess haproxy = HaproxyProcess.start(dir, cfg, Duration.ofSeconds(15))) {
      LoadGenerator load = new LoadGenerator(new LoadGenerator.Options(haproxy.frontendUrl(), 4, "/work", 5, 5_000));
      load.start();
      var stream = load.stream(2);
      assertThat(haproxy.command("set server bg/green-1 state ready").trim()).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> serverLine(haproxy, "green-1").contains(",UP,"));
      Thread.sleep(300);
      LoadReport report = load.stop();
      assertThat(report.failed() + report.resets() + report.non2xx()).as(report.firstErrors(5).toString()).isZero();
      assertThat(report.servedBy()).containsKeys("blue-1", "green-1");
      LoadGenerator.StreamResult s = stream.get();
      assertThat(s.complete()).as(String.valueOf(s.error())).isTrue();
      assertThat(s.linesRead()).isEqualTo(2);

      // a reload is not part of a switch: HAProxy 2.6's old process closes idle keep-alive connections on its soft
      // stop, so this one runs without load; what it must keep is the runtime state
      long oldPid = haproxy.pid();
      haproxy.reload(Duration.ofSeconds(15));
      assertThat(haproxy.pid()).isNotEqualTo(oldPid);
      assertThat(haproxy.command("show servers state bg")).containsPattern("green-1 127\\.0\\.0\\.1 2 [04] ");
      assertThat(TestHttp.get(haproxy.frontendUrl() + "/work").code()).isEqualTo(200);
    }
  }

  static String serverLine(HaproxyProcess h, String server) throws Exception {
    return h.command("show stat").lines().filter(l -> l.startsWith("bg," + server + ",")).findFirst().orElse("");
  }
}
