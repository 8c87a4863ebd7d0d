package dev.relay.artifact.store;

import dev.relay.artifact.signature.VerificationRefused;
import dev.relay.artifact.verify.ArtifactVerifier;
import dev.relay.artifact.verify.VerifiedArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The content-addressed registry on disk: {@code blobs/sha256/<hex>}, {@code signatures/<hex>.minisig},
 * {@code records/<name>/<version>.json}, and {@code tmp/} for imports in progress. Decides what is stored: only
 * verified bytes, never replacing a version with other bytes. An import stages both files in tmp/, verifies the staged
 * copies, moves blob and signature with ATOMIC_MOVE and writes the record last, so a crash leaves nothing that counts
 * as stored; {@link #open()} removes tmp/ leftovers and unrecorded blobs and loads the index from records/.
 */
public final class ArtifactStore {

  private static final Logger LOG = Logger.getLogger(ArtifactStore.class);

  private final Path root;
  private final Path blobs;
  private final Path signatures;
  private final Path records;
  private final Path tmp;
  private final ArtifactVerifier verifier;
  private final Clock clock;
  private final Map<String, ArtifactRecord> byNameVersion = new ConcurrentHashMap<>();
  private final Map<String, ArtifactRecord> byHex = new ConcurrentHashMap<>();
  private final Object placing = new Object();

  public ArtifactStore(Path root, ArtifactVerifier verifier, Clock clock) {
    this.root = root.toAbsolutePath();
    this.blobs = this.root.resolve("blobs").resolve("sha256");
    this.signatures = this.root.resolve("signatures");
    this.records = this.root.resolve("records");
    this.tmp = this.root.resolve("tmp");
    this.verifier = verifier;
    this.clock = clock;
  }

  /** Creates the layout, deletes what an interrupted import left, and loads the index. Call once before use. */
  public ArtifactStore open() {
    try {
      Files.createDirectories(blobs);
      Files.createDirectories(signatures);
      Files.createDirectories(records);
      Files.createDirectories(tmp);
      int leftovers = deleteContents(tmp);
      if (leftovers > 0) {
        LOG.infof("removed %d leftover file(s) of interrupted imports from %s", leftovers, tmp);
      }
      loadRecords();
      sweepUnrecorded();
      LOG.infof("artifact store %s: %d artifact(s)", root, byNameVersion.size());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open artifact store " + root + ": " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  public ArtifactVerifier verifier() {
    return verifier;
  }

  public List<ArtifactRecord> list() {
    return byNameVersion.values().stream()
        .sorted(Comparator.comparing(ArtifactRecord::name).thenComparing(ArtifactRecord::version))
        .toList();
  }

  public Optional<ArtifactRecord> find(String name, String version) {
    return Optional.ofNullable(byNameVersion.get(key(name, version)));
  }

  public boolean hasDigest(String hex) {
    return byHex.containsKey(hex);
  }

  /** The stored bytes for "sha256:<hex>", if the registry holds them. */
  public Optional<Path> blob(String digest) {
    if (!ArtifactNames.isDigest(digest)) {
      return Optional.empty();
    }
    String hex = digest.substring("sha256:".length());
    Path p = blobs.resolve(hex);
    return byHex.containsKey(hex) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** Imports from streams (e.g. uploads): both are copied into tmp/ first, then verified and placed. */
  public ImportResult importStreams(InputStream file, InputStream signature, String askedName, String askedVersion)
      throws IOException {
    String id = UUID.randomUUID().toString();
    Path stagedBlob = tmp.resolve(id + ".blob");
    Path stagedSig = tmp.resolve(id + ".minisig");
    try {
      Files.copy(file, stagedBlob);
      copyBounded(signature, stagedSig);
      return importStaged(stagedBlob, stagedSig, askedName, askedVersion);
    } finally {
      Files.deleteIfExists(stagedBlob);
      Files.deleteIfExists(stagedSig);
    }
  }

  /** Imports a file and its signature from anywhere on disk; they are copied, never moved or changed. */
  public ImportResult importFiles(Path file, Path signature, String askedName, String askedVersion) throws IOException {
    if (!Files.isRegularFile(signature)) {
      return new ImportResult.Refused("signature file " + signature.getFileName() + " is missing");
    }
    try (InputStream f = Files.newInputStream(file); InputStream s = Files.newInputStream(signature)) {
      return importStreams(f, s, askedName, askedVersion);
    }
  }

  private ImportResult importStaged(Path stagedBlob, Path stagedSig, String askedName, String askedVersion)
      throws IOException {
    force(stagedBlob);
    force(stagedSig);
    VerifiedArtifact v;
    try {
      v = verifier.verify(stagedBlob, stagedSig, askedName, askedVersion);
      ArtifactNames.require("artifact name", v.name());
      ArtifactNames.require("version", v.version());
    } catch (VerificationRefused e) {
      return new ImportResult.Refused(e.getMessage());
    }
    synchronized (placing) {
      ArtifactRecord existing = byNameVersion.get(key(v.name(), v.version()));
      if (existing != null) {
        if (existing.hex().equals(v.sha256Hex())) {
          return new ImportResult.AlreadyPresent(existing);
        }
        return new ImportResult.Refused(v.name() + " " + v.version() + " is already stored with digest "
            + existing.digest() + "; these bytes are " + v.digest() + " and a stored version is never replaced");
      }
      ArtifactRecord sameBytes = byHex.get(v.sha256Hex());
      if (sameBytes != null) {
        return new ImportResult.Refused("these bytes (" + v.digest() + ") are already stored as " + sameBytes.name()
            + " " + sameBytes.version());
      }
      ArtifactRecord record = new ArtifactRecord(v.name(), v.version(), v.digest(), v.size(), v.keyId(),
          v.trustedComment(), ArtifactRecord.MINISIGN, clock.instant());
      Files.move(stagedBlob, blobs.resolve(v.sha256Hex()), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      Files.move(stagedSig, signatures.resolve(v.sha256Hex() + ".minisig"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      writeRecord(record);
      index(record);
      LOG.infof("imported %s %s (%s, %d bytes, key %s)", record.name(), record.version(), record.digest(),
          record.size(), record.keyId());
      return new ImportResult.Imported(record);
    }
  }

  /** Re-verifies the stored bytes now: re-hash, signature, binding, and the key as currently trusted. */
  public StoredVerification verifyStored(String name, String version) {
    ArtifactRecord record = byNameVersion.get(key(name, version));
    if (record == null) {
      return new StoredVerification.Unknown(name, version,
          "unknown artifact " + name + " " + version + ": not in the local registry");
    }
    Path blob = blobs.resolve(record.hex());
    Path sig = signatures.resolve(record.hex() + ".minisig");
    if (!Files.isRegularFile(blob)) {
      return new StoredVerification.Refused(name, version, "stored bytes of " + record.digest() + " are missing");
    }
    try {
      VerifiedArtifact v = verifier.verify(blob, sig, name, version);
      if (!v.sha256Hex().equals(record.hex())) {
        return new StoredVerification.Refused(name, version, "stored bytes changed since import: recorded "
            + record.digest() + ", now " + v.digest());
      }
      return new StoredVerification.Verified(name, version, v.digest(), v.size(), v.keyId());
    } catch (VerificationRefused e) {
      return new StoredVerification.Refused(name, version, e.getMessage());
    } catch (IOException e) {
      return new StoredVerification.Refused(name, version, "cannot read stored artifact: " + e.getMessage());
    }
  }

  private void writeRecord(ArtifactRecord record) throws IOException {
    Path dir = records.resolve(record.name());
    Files.createDirectories(dir);
    Path staged = tmp.resolve(UUID.randomUUID() + ".json");
    try {
      Files.write(staged, RecordJson.write(record));
      force(staged);
      Files.move(staged, dir.resolve(record.version() + ".json"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  private void loadRecords() throws IOException {
    try (Stream<Path> files = Files.walk(records, 2)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).toList()) {
        try {
          ArtifactRecord r = RecordJson.read(f);
          if (!ArtifactNames.safe(r.name()) || !ArtifactNames.safe(r.version()) || !ArtifactNames.isDigest(r.digest())
              || !f.equals(records.resolve(r.name()).resolve(r.version() + ".json"))) {
            LOG.warnf("ignoring record %s: its name, version or digest does not match its place", f);
            continue;
          }
          if (!Files.isRegularFile(blobs.resolve(r.hex()))) {
            LOG.warnf("record %s: blob %s is missing; verification will refuse it", f, r.digest());
          }
          index(r);
        } catch (IOException e) {
          LOG.warnf("ignoring unreadable record %s: %s", f, e.getMessage());
        }
      }
    }
  }

  /** Blobs and signatures no record names were left by an import interrupted before its record: delete them. */
  private void sweepUnrecorded() throws IOException {
    Set<String> kept = new HashSet<>(byHex.keySet());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
      for (Path f : files) {
        if (!kept.contains(f.getFileName().toString())) {
          LOG.infof("removing unrecorded blob %s (interrupted import)", f);
          Files.deleteIfExists(f);
        }
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(signatures)) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (!n.endsWith(".minisig") || !kept.contains(n.substring(0, n.length() - ".minisig".length()))) {
          LOG.infof("removing unrecorded signature %s (interrupted import)", f);
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private void index(ArtifactRecord r) {
    byNameVersion.put(key(r.name(), r.version()), r);
    byHex.put(r.hex(), r);
  }

  private static String key(String name, String version) {
    return name + "/" + version;
  }

  private static void copyBounded(InputStream in, Path target) throws IOException {
    byte[] bytes = in.readNBytes((int) ArtifactVerifier.MAX_SIGNATURE_BYTES + 1);
    Files.write(target, bytes);
  }

  private static void force(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static int deleteContents(Path dir) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
    return all.size();
  }
}
