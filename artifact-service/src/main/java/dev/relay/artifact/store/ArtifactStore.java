package dev.relay.artifact.store;

import dev.relay.artifact.signature.VerificationRefused;
import dev.relay.artifact.verify.ArtifactVerifier;
import dev.relay.artifact.verify.SignatureBundle;
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
 * The content-addressed registry on disk: {@code blobs/sha256/<hex>}, {@code signatures/<hex>-<set>.<suffix>},
 * {@code records/<name>/<version>.json}, and {@code tmp/} for imports in progress. Decides what is stored: only
 * verified bytes, never replacing a version with other bytes (a new signature for the same bytes, name and version by
 * another key re-signs it). An import stages the bytes in tmp/, verifies the staged copy, moves blob and signature
 * files with ATOMIC_MOVE and writes the record last, so a crash leaves nothing that counts as stored;
 * {@link #open()} removes tmp/ leftovers and unrecorded blobs and signatures and loads the index from records/.
 */
public final class ArtifactStore {

  private volatile Set<String> allowedRegistryHosts = Set.of();

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

  /** The record of these bytes (lowercase hex of their SHA-256), if stored. */
  public Optional<ArtifactRecord> findByHex(String hex) {
    return Optional.ofNullable(byHex.get(hex));
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

  /** Imports from a stream (e.g. an upload): the bytes are copied into tmp/ first, then verified and placed. */
  public ImportResult importStream(InputStream file, SignatureBundle bundle, String askedName, String askedVersion)
      throws IOException {
    Path stagedBlob = tmp.resolve(UUID.randomUUID() + ".blob");
    try {
      Files.copy(file, stagedBlob);
      return importStaged(stagedBlob, bundle, askedName, askedVersion);
    } finally {
      Files.deleteIfExists(stagedBlob);
    }
  }

  /** Imports a file from anywhere on disk with its signature bundle; the file is copied, never moved or changed. */
  public ImportResult importFile(Path file, SignatureBundle bundle, String askedName, String askedVersion)
      throws IOException {
    if (bundle.isEmpty()) {
      return new ImportResult.Refused("signature missing: no " + file.getFileName() + ".minisig, .sig, .ed25519 or"
          + " .statement beside it");
    }
    try (InputStream f = Files.newInputStream(file)) {
      return importStream(f, bundle, askedName, askedVersion);
    }
  }

  /** The signature bundle stored with a record. */
  public SignatureBundle storedBundle(ArtifactRecord record) throws IOException {
    if (record.signatureSet() == null) {
      Path legacy = signatures.resolve(record.hex() + ".minisig");
      if (!Files.isRegularFile(legacy)) {
        return new SignatureBundle(null, null, null, null, null);
      }
      try (InputStream in = Files.newInputStream(legacy)) {
        return SignatureBundle.minisign(SignatureFiles.readBounded(in));
      }
    }
    return SignatureFiles.read(signatures, record.hex() + "-" + record.signatureSet());
  }

  private ImportResult importStaged(Path stagedBlob, SignatureBundle bundle, String askedName, String askedVersion)
      throws IOException {
    force(stagedBlob);
    VerifiedArtifact v;
    try {
      v = verifier.verify(stagedBlob, bundle, askedName, askedVersion);
      ArtifactNames.require("artifact name", v.name());
      ArtifactNames.require("version", v.version());
    } catch (VerificationRefused e) {
      return new ImportResult.Refused(e.getMessage());
    }
    synchronized (placing) {
      ArtifactRecord existing = byNameVersion.get(key(v.name(), v.version()));
      boolean resign = false;
      if (existing != null) {
        if (!existing.hex().equals(v.sha256Hex())) {
          return new ImportResult.Refused(v.name() + " " + v.version() + " is already stored with digest "
              + existing.digest() + "; these bytes are " + v.digest() + " and a stored version is never replaced");
        }
        if (existing.keyId().equals(v.keyId()) && existing.signatureFormat().equals(v.format())) {
          return new ImportResult.AlreadyPresent(existing);
        }
        resign = true;
      } else {
        ArtifactRecord sameBytes = byHex.get(v.sha256Hex());
        if (sameBytes != null) {
          return new ImportResult.Refused("these bytes (" + v.digest() + ") are already stored as " + sameBytes.name()
              + " " + sameBytes.version());
        }
      }
      String set = SignatureFiles.setId(bundle);
      if (resign && set.equals(existing.signatureSet())) {
        return new ImportResult.AlreadyPresent(existing); // the very files already stored: nothing to replace
      }
      ArtifactRecord record = new ArtifactRecord(v.name(), v.version(), v.digest(), v.size(), v.keyId(),
          v.trustedComment(), v.format(), clock.instant(), v.statement(), set);
      if (!resign) {
        Files.move(stagedBlob, blobs.resolve(v.sha256Hex()), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      placeSignatures(bundle, v.sha256Hex() + "-" + set);
      writeRecord(record);
      index(record);
      if (resign) {
        deleteSignatures(existing);
      }
      LOG.infof("%s %s %s (%s, %d bytes, %s key %s)", resign ? "re-signed" : "imported", record.name(),
          record.version(), record.digest(), record.size(), record.signatureFormat(), record.keyId());
      return resign ? new ImportResult.Resigned(record) : new ImportResult.Imported(record);
    }
  }

  /** Host names of this registry itself: a reference to them stands for the local artifact (see RegistryReferences). */
  public ArtifactStore allowRegistryHosts(Set<String> hosts) {
    this.allowedRegistryHosts = Set.copyOf(hosts);
    return this;
  }

  /**
   * Re-verifies the stored bytes now: re-hash, signature, binding, and the key as trusted now. A name that refers to
   * another registry is refused first, naming its host.
   */
  public StoredVerification verifyStored(String asked, String version) {
    String name;
    try {
      name = RegistryReferences.localName(asked, allowedRegistryHosts);
    } catch (VerificationRefused e) {
      LOG.warnf("refused %s %s: %s", asked, version, e.getMessage());
      return new StoredVerification.Refused(asked, version, e.getMessage());
    }
    ArtifactRecord record = byNameVersion.get(key(name, version));
    if (record == null) {
      return new StoredVerification.Unknown(name, version,
          "unknown artifact " + name + " " + version + ": not in the local registry");
    }
    Path blob = blobs.resolve(record.hex());
    if (!Files.isRegularFile(blob)) {
      return new StoredVerification.Refused(name, version, "stored bytes of " + record.digest() + " are missing");
    }
    try {
      VerifiedArtifact v = verifier.verify(blob, storedBundle(record), name, version);
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

  private void placeSignatures(SignatureBundle bundle, String base) throws IOException {
    for (SignatureBundle.Role r : bundle.roles()) {
      Path staged = tmp.resolve(UUID.randomUUID() + ".sig");
      try {
        Files.write(staged, bundle.get(r));
        force(staged);
        Files.move(staged, signatures.resolve(base + r.suffix), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(staged);
      }
    }
  }

  private void deleteSignatures(ArtifactRecord old) throws IOException {
    if (old.signatureSet() == null) {
      Files.deleteIfExists(signatures.resolve(old.hex() + ".minisig"));
      return;
    }
    for (SignatureBundle.Role r : SignatureBundle.Role.values()) {
      Files.deleteIfExists(signatures.resolve(old.hex() + "-" + old.signatureSet() + r.suffix));
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
    Set<String> prefixes = new HashSet<>();
    for (ArtifactRecord r : byHex.values()) {
      prefixes.add(r.signatureSet() == null ? r.hex() + ".minisig" : r.hex() + "-" + r.signatureSet() + ".");
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(signatures)) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (prefixes.stream().noneMatch(n::startsWith)) {
          LOG.infof("removing unrecorded signature %s (interrupted import or re-signing)", f);
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
