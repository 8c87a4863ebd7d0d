package dev.relay.node.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.relay.node.config.RelayConfig;
import dev.relay.sandbox.release.Digests;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's only download: {@code GET {relay.artifact-service.url}/blobs/sha256:<hex>}, hashed on arrival. A digest
 * that is really a URL or registry reference is refused before any connection; a body that does not hash to the
 * digest (a file swapped on the registry after verification) is refused and deleted.
 */
class BlobFetcherTest {

  static final byte[] BYTES = "release bytes".getBytes(StandardCharsets.UTF_8);

  HttpServer registry;
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile byte[] served = BYTES;

  @BeforeEach
  void start() throws Exception {
    registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    registry.createContext("/", ex -> {
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      ex.sendResponseHeaders(200, served.length);
      ex.getResponseBody().write(served);
      ex.close();
    });
    registry.start();
  }

  @AfterEach
  void stop() {
    registry.stop(0);
  }

  BlobFetcher fetcher() {
    URI url = URI.create("http://127.0.0.1:" + registry.getAddress().getPort());
    RelayConfig.ArtifactService as = proxy(RelayConfig.ArtifactService.class, "url", url);
    RelayConfig.Node node = proxy(RelayConfig.Node.class, "maxBlobBytes", 1L << 20);
    RelayConfig config = (RelayConfig) Proxy.newProxyInstance(RelayConfig.class.getClassLoader(),
        new Class<?>[] {RelayConfig.class}, (p, m, a) -> switch (m.getName()) {
          case "artifactService" -> as;
          case "node" -> node;
          default -> throw new UnsupportedOperationException(m.getName());
        });
    return new BlobFetcher(config);
  }

  @SuppressWarnings("unchecked")
  static <T> T proxy(Class<T> type, String method, Object value) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
      if (m.getName().equals(method)) {
        return value;
      }
      throw new UnsupportedOperationException(m.getName());
    });
  }

  static String digestOf(byte[] bytes) throws Exception {
    Path f = Files.createTempFile("blob", ".bin");
    try {
      Files.write(f, bytes);
      return Digests.of(f);
    } finally {
      Files.delete(f);
    }
  }

  @Test
  void fetchesOnlyFromTheConfiguredRegistryByDigest() throws Exception {
    String digest = digestOf(BYTES);
    Path got = fetcher().fetch(digest, Duration.ofSeconds(10));
    try {
      assertThat(Files.readAllBytes(got)).isEqualTo(BYTES);
    } finally {
      Files.delete(got);
    }
    assertThat(requests).containsExactly("GET /blobs/" + digest);
  }

  @Test
  void aUrlOrRegistryReferenceInPlaceOfTheDigestIsRefusedBeforeAnyConnection() {
    for (String evil : List.of("https://ghcr.io/acme/sandbox-node/blobs/sha256:" + "a".repeat(64),
        "docker.io/library/sandbox-node@sha256:" + "a".repeat(64), "quay.io/x:1.1.0",
        "sha256:" + "a".repeat(64) + "/../../evil", "//gcr.io/x")) {
      assertThatThrownBy(() -> fetcher().fetch(evil, Duration.ofSeconds(5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a sha256 digest");
    }
    assertThat(requests).isEmpty();
  }

  @Test
  void bytesSwappedOnTheRegistryAfterVerificationAreRefused() throws Exception {
    String verified = digestOf(BYTES);
    served = "other bytes".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> fetcher().fetch(verified, Duration.ofSeconds(10)))
        .hasMessage("digest mismatch: expected " + verified + ", received " + digestOf(served));
    assertThat(requests).containsExactly("GET /blobs/" + verified);
  }
}
