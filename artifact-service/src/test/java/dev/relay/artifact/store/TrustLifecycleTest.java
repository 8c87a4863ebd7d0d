package dev.relay.artifact.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.artifact.testing.Minisign;
import dev.relay.artifact.testing.TarGz;
import dev.relay.artifact.trust.TrustStore;
import dev.relay.artifact.verify.ArtifactVerifier;
import dev.relay.artifact.verify.TrustFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust store's keys.json over the life of keys, with the real minisign: validity dates, revocation (which also
 * blocks what the key signed earlier), and rotation while the registry runs (same store, no restart).
 */
class TrustLifecycleTest {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir
  Path root;

  @TempDir
  Path work;

  Path trust;
  Minisign.KeyPair old;
  Minisign.KeyPair next;

  @BeforeEach
  void keys() throws Exception {
    trust = work.resolve("trust");
    Files.createDirectories(trust);
    old = Minisign.generate(work.resolve("secret"), "release-2025");
    next = Minisign.generate(work.resolve("secret"), "release-2026");
  }

  ArtifactStore store() {
    return new ArtifactStore(root, new ArtifactVerifier(new TrustStore(trust), Clock.fixed(NOW, ZoneOffset.UTC)),
        Clock.fixed(NOW, ZoneOffset.UTC)).open();
  }

  Map<String, Object> key(Minisign.KeyPair k, String notBefore, String notAfter, boolean revoked) throws Exception {
    return TrustFiles.entry(k.keyIdFromComment(), "minisign", Files.readString(k.pub()), notBefore, notAfter, revoked);
  }

  Path signed(String version, Minisign.KeyPair by) throws Exception {
    Path file = TarGz.release(work.resolve("sandbox-node-" + version + ".tar.gz"), version);
    Minisign.sign(by, file, "relay-artifact name=sandbox-node version=" + version, false);
    return file;
  }

  static String refusal(ImportResult r) {
    assertThat(r).isInstanceOf(ImportResult.Refused.class);
    return ((ImportResult.Refused) r).reason();
  }

  @Test
  void expiredAndNotYetValidKeysAreRefusedNamingTheKey() throws Exception {
    TrustFiles.writeKeysJson(trust, key(old, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", false),
        key(next, "2027-01-01T00:00:00Z", null, false));
    Path a = signed("1.1.0", old);
    Path b = signed("1.2.0", next);

    assertThat(refusal(store().importFile(a, SignatureFiles.beside(a), null, null)))
        .startsWith("expired key " + old.keyIdFromComment() + ": valid until 2026-01-01T00:00:00Z");
    assertThat(refusal(store().importFile(b, SignatureFiles.beside(b), null, null)))
        .startsWith("key " + next.keyIdFromComment() + " is not valid yet: valid from 2027-01-01T00:00:00Z");
  }

  @Test
  void revokedKeyIsRefusedAlsoForArtifactsItSignedBeforeItWasRevoked() throws Exception {
    TrustFiles.writeKeysJson(trust, key(old, "2025-01-01T00:00:00Z", null, false));
    ArtifactStore store = store();
    Path a = signed("1.1.0", old);
    assertThat(store.importFile(a, SignatureFiles.beside(a), null, null)).isInstanceOf(ImportResult.Imported.class);
    assertThat(store.verifyStored("sandbox-node", "1.1.0")).isInstanceOf(StoredVerification.Verified.class);

    TrustFiles.writeKeysJson(trust, key(old, "2025-01-01T00:00:00Z", null, true));

    StoredVerification after = store.verifyStored("sandbox-node", "1.1.0");
    assertThat(after).isInstanceOf(StoredVerification.Refused.class);
    assertThat(((StoredVerification.Refused) after).reason())
        .startsWith("revoked key " + old.keyIdFromComment())
        .contains("also artifacts imported before it was revoked");
    Path b = signed("1.2.0", old);
    assertThat(refusal(store.importFile(b, SignatureFiles.beside(b), null, null)))
        .startsWith("revoked key " + old.keyIdFromComment());
  }

  @Test
  void plainPublicKeyFileCannotUndoARevocation() throws Exception {
    TrustFiles.writeKeysJson(trust, key(old, null, null, true));
    Files.copy(old.pub(), trust.resolve("stray.pub"));
    Path a = signed("1.1.0", old);
    assertThat(refusal(store().importFile(a, SignatureFiles.beside(a), null, null)))
        .startsWith("revoked key " + old.keyIdFromComment());
  }

  @Test
  void unknownKeyIsRefusedNamingIt() throws Exception {
    TrustFiles.writeKeysJson(trust, key(old, null, null, false));
    Path a = signed("1.1.0", next);
    assertThat(refusal(store().importFile(a, SignatureFiles.beside(a), null, null)))
        .startsWith("unknown key id " + next.keyIdFromComment());
  }

  @Test
  void brokenKeysFileTrustsNothingAndSaysWhy() throws Exception {
    TrustFiles.writeKeysJson(trust, key(old, null, null, false));
    Files.writeString(trust.resolve("keys.json"), Files.readString(trust.resolve("keys.json"))
        .replace("\"revoked\"", "\"revokd\":true,\"revoked\""));
    Path a = signed("1.1.0", old);
    assertThat(refusal(store().importFile(a, SignatureFiles.beside(a), null, null)))
        .startsWith("trust store file " + trust.resolve("keys.json") + " is unreadable, so no key is trusted")
        .contains("revokd");
  }

  @Test
  void rotationWithoutRestartReSignsStoredArtifactsThenRetiresTheOldKey() throws Exception {
    TrustFiles.writeKeysJson(trust, key(old, "2025-01-01T00:00:00Z", null, false));
    ArtifactStore store = store(); // one running registry for the whole rotation
    Path a = signed("1.1.0", old);
    ArtifactRecord first = ((ImportResult.Imported) store.importFile(a, SignatureFiles.beside(a), null, null))
        .record();

    // 1. the new key joins the trust store: both verify
    TrustFiles.writeKeysJson(trust, key(old, "2025-01-01T00:00:00Z", null, false),
        key(next, "2026-05-01T00:00:00Z", null, false));
    // 2. the same bytes are re-signed with the new key and imported again
    Path resigned = work.resolve("again/sandbox-node-1.1.0.tar.gz");
    Files.createDirectories(resigned.getParent());
    Files.copy(a, resigned);
    Minisign.sign(next, resigned, "relay-artifact name=sandbox-node version=1.1.0", false);
    ImportResult r = store.importFile(resigned, SignatureFiles.beside(resigned), null, null);
    assertThat(r).isInstanceOf(ImportResult.Resigned.class);
    ArtifactRecord second = ((ImportResult.Resigned) r).record();
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.keyId()).isEqualTo(next.keyIdFromComment());
    // 3. the old key is revoked: the artifact still verifies, through the new key
    TrustFiles.writeKeysJson(trust, key(old, "2025-01-01T00:00:00Z", null, true),
        key(next, "2026-05-01T00:00:00Z", null, false));
    assertThat(store.verifyStored("sandbox-node", "1.1.0")).isEqualTo(new StoredVerification.Verified(
        "sandbox-node", "1.1.0", first.digest(), first.size(), next.keyIdFromComment()));
    // and after a restart too (the old signature files are gone, the new ones recorded)
    assertThat(store().verifyStored("sandbox-node", "1.1.0")).isInstanceOf(StoredVerification.Verified.class);
    try (var s = Files.list(root.resolve("signatures"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactly(first.hex() + "-" + second.signatureSet() + ".minisig");
    }
  }
}
