package dev.relay.artifact.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.artifact.signature.VerificationRefused;
import dev.relay.artifact.testing.Minisign;
import dev.relay.artifact.testing.TarGz;
import dev.relay.artifact.trust.TrustStore;
import dev.relay.artifact.verify.ArtifactVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Air-gapped: a request naming an artifact on another registry is refused with its host before anything else, and no
 * service's main code has a way to fetch from a public registry.
 */
class AirGapTest {

  @TempDir
  Path work;

  @Test
  void registryReferencesAreRefusedNamingTheHost() {
    for (String ref : List.of("docker.io/library/sandbox-node", "https://ghcr.io/acme/sandbox-node",
        "quay.io/acme/sandbox-node:1.1.0", "gcr.io/acme/sandbox-node", "eu.gcr.io/acme/sandbox-node")) {
      String host = ref.replaceFirst("^https://", "").replaceFirst("/.*", "");
      assertThatThrownBy(() -> RegistryReferences.localName(ref, Set.of("registry.local")))
          .isInstanceOf(VerificationRefused.class)
          .hasMessageContaining("names registry host " + host + ", a public registry,")
          .hasMessageContaining("refused before any network call");
    }
    assertThatThrownBy(() -> RegistryReferences.localName("artifacts.example.com:5000/sandbox-node", Set.of()))
        .hasMessageContaining("names registry host artifacts.example.com which is not on the allow-list []");
    assertThatThrownBy(() -> RegistryReferences.localName("library/sandbox-node", Set.of()))
        .hasMessageContaining("resolve on Docker Hub (docker.io");
    assertThatThrownBy(() -> RegistryReferences.localName("sandbox-node:1.1.0", Set.of()))
        .hasMessageContaining("image reference");
  }

  @Test
  void localNamesAndAllowListedHostsMeanTheLocalArtifact() throws Exception {
    assertThat(RegistryReferences.localName("sandbox-node", Set.of())).isEqualTo("sandbox-node");
    assertThat(RegistryReferences.localName("registry.local:8082/sandbox-node", Set.of("registry.local")))
        .isEqualTo("sandbox-node");
  }

  @Test
  void verifyingAPublicReferenceIsRefusedEvenWhenTheLocalArtifactExists() throws Exception {
    Minisign.KeyPair key = Minisign.generate(work.resolve("trust"), "release");
    Path file = TarGz.release(work.resolve("sandbox-node-1.1.0.tar.gz"), "1.1.0");
    Minisign.sign(key, file, "relay-artifact name=sandbox-node version=1.1.0", false);
    ArtifactStore store = new ArtifactStore(work.resolve("root"),
        new ArtifactVerifier(new TrustStore(work.resolve("trust")), Clock.systemUTC()), Clock.systemUTC()).open()
        .allowRegistryHosts(Set.of("registry.local"));
    assertThat(store.importFile(file, SignatureFiles.beside(file), null, null))
        .isInstanceOf(ImportResult.Imported.class);

    StoredVerification v = store.verifyStored("docker.io/library/sandbox-node", "1.1.0");

    assertThat(v).isInstanceOf(StoredVerification.Refused.class);
    assertThat(((StoredVerification.Refused) v).reason())
        .startsWith("artifact 'docker.io/library/sandbox-node' names registry host docker.io, a public registry,");
    assertThat(store.verifyStored("registry.local/sandbox-node", "1.1.0"))
        .isInstanceOf(StoredVerification.Verified.class);
  }

  /**
   * Every outbound HTTP/socket client in the main code of every module, and where its address comes from. A new one
   * fails this test until it is reviewed and listed: none may take its address from a request.
   */
  static final Set<String> REVIEWED_CLIENTS = Set.of(
      "node-adapter/src/main/java/dev/relay/node/artifact/BlobFetcher.java", // relay.artifact-service.url only
      "node-adapter/src/main/java/dev/relay/node/driver/NodeHttp.java", // node URLs from the cluster registry
      "node-adapter/src/main/java/dev/relay/node/inventory/RawNodeHttp.java", // node URLs from the cluster registry
      "node-adapter/src/main/java/dev/relay/node/traffic/HaproxyRuntimeApi.java"); // HAProxy socket from the profile

  @Test
  void noMainCodeFetchesFromAPublicRegistry() throws IOException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Pattern publicHost = Pattern.compile("\"[^\"]*\\b(docker\\.io|ghcr\\.io|quay\\.io|gcr\\.io)\\b[^\"]*\"");
    Pattern tool = Pattern.compile("\"(docker|podman|skopeo|crane|oras|curl|wget)\"");
    List<String> problems = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(repo)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
          && !p.toString().contains("/target/")).toList()) {
        scanned++;
        String rel = repo.relativize(f).toString();
        String text = Files.readString(f);
        Matcher m = publicHost.matcher(text);
        // the refusal lists may name public registries; nothing else may
        if (m.find() && !rel.endsWith("RegistryReferences.java") && !rel.endsWith("RequestValidator.java")
            && !rel.startsWith("gate-service/")) {
          problems.add(rel + " names a public registry: " + m.group());
        }
        Matcher t = tool.matcher(text);
        if (t.find()) {
          problems.add(rel + " runs " + t.group() + ", which can download from anywhere");
        }
        if (rel.startsWith("artifact-service/") && (text.contains("java.net.http") || text.contains("HttpURLConnection")
            || text.contains("new Socket(") || text.contains("openStream("))) {
          problems.add(rel + ": artifact-service has no outbound client; imports arrive by upload or drop folder");
        }
        if (rel.startsWith("node-adapter/") && (text.contains("HttpClient") || text.contains("HttpURLConnection")
            || text.contains("SocketChannel")) && !REVIEWED_CLIENTS.contains(rel)) {
          problems.add(rel + " opens outbound connections and is not among the reviewed clients");
        }
      }
    }
    assertThat(scanned).isGreaterThan(100);
    assertThat(problems).isEmpty();
  }
}
