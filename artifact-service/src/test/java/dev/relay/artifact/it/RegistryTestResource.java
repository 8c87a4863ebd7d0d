package dev.relay.artifact.it;

import dev.relay.artifact.testing.Minisign;
import dev.relay.artifact.testing.TarGz;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Before Quarkus starts: generates a minisign key pair with the real tool, puts its public key in a fresh trust
 * store, drops one signed artifact in an import folder, and points the registry's config at these folders (under
 * target/). The key folder is handed to the test as {@code relay.test.keys}.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

  public static final String KEY_NAME = "release";
  /** An openssl Ed25519 key trusted as {@code hsm-test.pem}; its private key is keys/hsm-test.pem. */
  public static final String HSM_ID = "hsm-test";

  @Override
  public Map<String, String> start() {
    try {
      Path base = Path.of("target", "registry-it").toAbsolutePath();
      deleteTree(base);
      Path keys = base.resolve("keys");
      Minisign.KeyPair key = Minisign.generate(keys, KEY_NAME);
      Path trust = base.resolve("trust");
      Files.createDirectories(trust);
      Files.copy(key.pub(), trust.resolve(KEY_NAME + ".pub"));
      Path[] hsm = dev.relay.artifact.testing.Tool.opensslKey(keys, HSM_ID);
      Files.copy(hsm[0], trust.resolve(HSM_ID + ".pem"));
      Path drop = base.resolve("import");
      Path preloaded = TarGz.release(drop.resolve("sandbox-node-1.0.0.tar.gz"), "1.0.0");
      Minisign.sign(key, preloaded, "relay-artifact name=sandbox-node version=1.0.0", false);
      return Map.of(
          "relay.artifacts.root", base.resolve("store").toString(),
          "relay.artifacts.trust-store", trust.toString(),
          "relay.artifacts.import-dir", drop.toString(),
          "relay.test.keys", keys.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
