package dev.relay.artifact.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.artifact.trust.TrustStore;
import dev.relay.artifact.testing.Minisign;
import dev.relay.artifact.testing.TarGz;
import dev.relay.artifact.verify.ArtifactVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real folder, with signatures from the real minisign tool. */
class ArtifactStoreTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  static Path keys;

  static Minisign.KeyPair key;
  static Minisign.KeyPair stranger;

  @TempDir
  Path root;

  @TempDir
  Path work;

  @BeforeAll
  static void keys() throws Exception {
    key = Minisign.generate(keys.resolve("trust"), "release");
    stranger = Minisign.generate(keys.resolve("elsewhere"), "stranger");
  }

  ArtifactStore openStore() {
    return new ArtifactStore(root, new ArtifactVerifier(new TrustStore(keys.resolve("trust")), CLOCK), CLOCK).open();
  }

  Path signed(String version, Minisign.KeyPair by) throws Exception {
    Path file = TarGz.release(work.resolve("sandbox-node-" + version + ".tar.gz"), version);
    Minisign.sign(by, file, "relay-artifact name=sandbox-node version=" + version, false);
    return file;
  }

  static Path sig(Path file) {
    return file.resolveSibling(file.getFileName() + ".minisig");
  }

  @Test
  void importedArtifactSurvivesRestart() throws Exception {
    Path file = signed("1.1.0", key);
    ImportResult result = openStore().importFile(file, SignatureFiles.beside(file), null, null);
    assertThat(result).isInstanceOf(ImportResult.Imported.class);
    ArtifactRecord record = ((ImportResult.Imported) result).record();
    String hex = ArtifactVerifier.sha256Hex(file);
    assertThat(record.digest()).isEqualTo("sha256:" + hex);
    assertThat(record.size()).isEqualTo(Files.size(file));
    assertThat(record.keyId()).isEqualTo(key.keyIdFromComment());
    assertThat(record.signatureFormat()).isEqualTo("minisign");
    assertThat(record.importedAt()).isEqualTo(CLOCK.instant());
    assertThat(root.resolve("blobs/sha256/" + hex)).hasSameBinaryContentAs(file);
    assertThat(record.signatureSet()).matches("[0-9a-f]{16}");
    assertThat(root.resolve("signatures/" + hex + "-" + record.signatureSet() + ".minisig"))
        .hasSameBinaryContentAs(sig(file));
    assertThat(root.resolve("records/sandbox-node/1.1.0.json")).isRegularFile();

    ArtifactStore restarted = openStore();

    assertThat(restarted.list()).containsExactly(record);
    assertThat(restarted.find("sandbox-node", "1.1.0")).contains(record);
    assertThat(restarted.blob(record.digest())).contains(root.resolve("blobs/sha256/" + hex).toAbsolutePath());
    assertThat(restarted.verifyStored("sandbox-node", "1.1.0"))
        .isEqualTo(new StoredVerification.Verified("sandbox-node", "1.1.0", record.digest(), record.size(),
            key.keyIdFromComment()));
  }

  @Test
  void leftoversOfAnInterruptedImportAreRemovedAtStartup() throws Exception {
    Path file = signed("1.1.0", key);
    String hex = ArtifactVerifier.sha256Hex(file);
    openStore();
    // a crash after staging, and another after moving the blob and signature but before the record
    Files.copy(file, root.resolve("tmp/0b7c.blob"));
    Files.copy(file, root.resolve("blobs/sha256/" + hex));
    Files.copy(sig(file), root.resolve("signatures/" + hex + ".minisig"));

    ArtifactStore restarted = openStore();

    assertThat(listAll(root.resolve("tmp"))).isEmpty();
    assertThat(root.resolve("blobs/sha256/" + hex)).doesNotExist();
    assertThat(root.resolve("signatures/" + hex + ".minisig")).doesNotExist();
    assertThat(restarted.list()).isEmpty();
    assertThat(restarted.importFile(file, SignatureFiles.beside(file), null, null)).isInstanceOf(ImportResult.Imported.class);
  }

  @Test
  void refusedImportLeavesNothingStored() throws Exception {
    Path file = signed("1.1.0", stranger);
    ArtifactStore store = openStore();

    ImportResult result = store.importFile(file, SignatureFiles.beside(file), null, null);

    assertThat(result).isInstanceOf(ImportResult.Refused.class);
    assertThat(((ImportResult.Refused) result).reason()).startsWith("unknown key id " + stranger.keyIdFromComment());
    assertThat(listAll(root.resolve("blobs"))).isEmpty();
    assertThat(listAll(root.resolve("signatures"))).isEmpty();
    assertThat(listAll(root.resolve("records"))).isEmpty();
    assertThat(listAll(root.resolve("tmp"))).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void askedVersionMustMatchTheSignedOne() throws Exception {
    Path file = signed("7.1.0", key);
    ArtifactStore store = openStore();

    ImportResult result = store.importFile(file, SignatureFiles.beside(file), "sandbox-node", "7.2.1");

    assertThat(result).isEqualTo(new ImportResult.Refused("trusted comment names version 7.1.0 but 7.2.1 was asked"));
    assertThat(store.list()).isEmpty();
    assertThat(listAll(root.resolve("blobs"))).isEmpty();
  }

  @Test
  void sameArtifactTwiceIsAlreadyPresentAndAVersionIsNeverReplaced() throws Exception {
    Path file = signed("1.1.0", key);
    ArtifactStore store = openStore();
    ArtifactRecord first = ((ImportResult.Imported) store.importFile(file, SignatureFiles.beside(file), null, null)).record();

    assertThat(store.importFile(file, SignatureFiles.beside(file), null, null)).isEqualTo(new ImportResult.AlreadyPresent(first));

    Path other = TarGz.release(work.resolve("again.tar.gz"), "1.1.0 rebuilt");
    Minisign.sign(key, other, "relay-artifact name=sandbox-node version=1.1.0", false);
    ImportResult replaced = store.importFile(other, SignatureFiles.beside(other), null, null);
    assertThat(replaced).isInstanceOf(ImportResult.Refused.class);
    assertThat(((ImportResult.Refused) replaced).reason()).contains("already stored with digest " + first.digest());
    assertThat(store.list()).containsExactly(first);
  }

  @Test
  void verifyStoredNoticesBytesChangedOnDisk() throws Exception {
    Path file = signed("1.1.0", key);
    ArtifactStore store = openStore();
    ArtifactRecord record = ((ImportResult.Imported) store.importFile(file, SignatureFiles.beside(file), null, null)).record();
    Path blob = root.resolve("blobs/sha256/" + record.hex());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(blob, bytes);

    StoredVerification v = store.verifyStored("sandbox-node", "1.1.0");

    assertThat(v).isInstanceOf(StoredVerification.Refused.class);
    assertThat(((StoredVerification.Refused) v).reason()).startsWith("tampered file");
  }

  @Test
  void verifyStoredOfUnknownArtifactSaysSo() {
    assertThat(openStore().verifyStored("sandbox-node", "9.9.9")).isEqualTo(new StoredVerification.Unknown(
        "sandbox-node", "9.9.9", "unknown artifact sandbox-node 9.9.9: not in the local registry"));
  }

  @Test
  void nameThatWouldEscapeTheStoreIsRefused() throws Exception {
    Path file = TarGz.release(work.resolve("x.tar.gz"), "1.0");
    Minisign.sign(key, file, "relay-artifact name=../../etc version=1.0", false);

    ImportResult result = openStore().importFile(file, SignatureFiles.beside(file), null, null);

    assertThat(result).isInstanceOf(ImportResult.Refused.class);
    assertThat(((ImportResult.Refused) result).reason()).startsWith("artifact name '../../etc' is not allowed");
    assertThat(listAll(root.resolve("records"))).isEmpty();
  }

  @Test
  void folderImportTakesSignedFilesSkipsKnownOnesAndReportsRefusals() throws Exception {
    Path drop = work.resolve("drop");
    Files.createDirectories(drop);
    Path good = TarGz.release(drop.resolve("sandbox-node-1.1.0.tar.gz"), "1.1.0");
    Minisign.sign(key, good, "relay-artifact name=sandbox-node version=1.1.0", false);
    Path foreign = TarGz.release(drop.resolve("sandbox-node-6.6.6.tar.gz"), "6.6.6");
    Minisign.sign(stranger, foreign, "relay-artifact name=sandbox-node version=6.6.6", false);
    TarGz.release(drop.resolve("unsigned-1.0.tar.gz"), "1.0");
    ArtifactStore store = openStore();
    FolderImporter importer = new FolderImporter(store);

    ImportReport first = importer.importAll(drop);

    assertThat(first.imported()).extracting(ArtifactRecord::version).containsExactly("1.1.0");
    assertThat(first.refused()).extracting(ImportReport.Refusal::file)
        .containsExactly("sandbox-node-6.6.6.tar.gz", "unsigned-1.0.tar.gz");
    assertThat(first.refused().get(0).reason()).startsWith("unknown key id " + stranger.keyIdFromComment());
    assertThat(first.refused().get(1).reason()).contains("no signature beside it");

    ImportReport second = importer.importAll(drop);
    assertThat(second.imported()).isEmpty();
    assertThat(second.skipped()).containsExactly("sandbox-node-1.1.0.tar.gz");
    assertThat(store.list()).hasSize(1);
  }

  private static List<Path> listAll(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
