package dev.relay.artifact.trust;

import dev.relay.artifact.signature.KeyIds;
import dev.relay.artifact.signature.VerificationRefused;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The keys this registry trusts, read from one folder on every lookup, so keys are added, rotated and revoked while
 * the service runs by editing the folder (no restart, no cache): {@code keys.json} (ids, validity, revocation; see
 * {@link KeysFile}) plus plain {@code *.pub} minisign/signify keys and {@code *.pem} openssl keys (named by their file
 * name), which are valid without limits. Decides which key answers for an id: an entry of keys.json wins over a plain
 * file of the same key, and a revoked public key stays revoked under every id it appears with (so a revocation there
 * cannot be undone by a stray .pub or .pem); an id claimed by two different keys,
 * an unknown id and an unreadable keys.json are refused with the reason.
 */
public final class TrustStore {

  private static final Logger LOG = Logger.getLogger(TrustStore.class);

  private final Path dir;

  public TrustStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Every key now in the folder, for logs; a broken keys.json is logged and yields none of its keys. */
  public List<TrustedKey> keys() {
    try {
      return load().values().stream().flatMap(List::stream).toList();
    } catch (VerificationRefused e) {
      LOG.warn(e.getMessage());
      return List.of();
    }
  }

  /** The key with this id, usable or not (the caller checks validity and revocation). */
  public TrustedKey byId(String id) throws VerificationRefused {
    Map<String, List<TrustedKey>> all = load();
    List<TrustedKey> found = all.get(id);
    if (found == null || found.isEmpty()) {
      throw new VerificationRefused("unknown key id " + id + ": not in the trust store " + dir);
    }
    TrustedKey first = found.get(0);
    for (TrustedKey k : found) {
      if (!k.sameKey(first)) {
        throw new VerificationRefused("key id " + id + " is claimed by two different keys in the trust store ("
            + first.source() + ", " + k.source() + ")");
      }
    }
    // keys.json entries are loaded first, so its metadata wins. Revocation and validity follow the key, not its
    // name: the same public key under another id (a stray .pem or .pub left from before keys.json) is held to the
    // strictest of them all: revoked if any is, valid only where every one is.
    TrustedKey key = first;
    for (List<TrustedKey> keys : all.values()) {
      for (TrustedKey k : keys) {
        if (k == first || !Arrays.equals(k.publicKey(), first.publicKey())
            || (!k.revoked() && k.notBefore() == null && k.notAfter() == null)) {
          continue;
        }
        java.time.Instant notBefore = later(key.notBefore(), k.notBefore());
        java.time.Instant notAfter = earlier(key.notAfter(), k.notAfter());
        boolean revoked = key.revoked() || k.revoked();
        if (revoked != key.revoked() || !java.util.Objects.equals(notBefore, key.notBefore())
            || !java.util.Objects.equals(notAfter, key.notAfter())) {
          key = new TrustedKey(key.id(), key.format(), key.keyNumber(), key.publicKey(), notBefore, notAfter, revoked,
              key.source() + ", the same public key as " + (k.revoked() ? "revoked " : "") + "key " + k.id() + " ("
              + k.source() + ")");
        }
      }
    }
    return key;
  }

  /** The minisign/signify key with this key number. */
  public TrustedKey byKeyNumber(byte[] keyNumber) throws VerificationRefused {
    String id = KeyIds.format(keyNumber);
    TrustedKey key = byId(id);
    if (key.keyNumber() == null || !Arrays.equals(key.keyNumber(), keyNumber)) {
      throw new VerificationRefused("unknown key id " + id + ": the trust store's key " + id + " is an "
          + key.format().label() + " key without that key number");
    }
    return key;
  }

  private Map<String, List<TrustedKey>> load() throws VerificationRefused {
    Map<String, List<TrustedKey>> byId = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return byId;
    }
    Path keysFile = dir.resolve(KeysFile.NAME);
    if (Files.exists(keysFile)) {
      for (TrustedKey k : KeysFile.read(keysFile)) {
        byId.computeIfAbsent(k.id(), x -> new ArrayList<>()).add(k);
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{pub,pem}")) {
      for (Path f : files) {
        try {
          TrustedKey k = plainKey(f);
          byId.computeIfAbsent(k.id(), x -> new ArrayList<>()).add(k);
        } catch (VerificationRefused | IOException e) {
          LOG.warnf("trust store: ignoring %s: %s", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new VerificationRefused("trust store " + dir + " cannot be listed: " + e.getMessage());
    }
    return byId;
  }

  private static java.time.Instant later(java.time.Instant a, java.time.Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static java.time.Instant earlier(java.time.Instant a, java.time.Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static TrustedKey plainKey(Path f) throws VerificationRefused, IOException {
    String text = Files.readString(f, StandardCharsets.UTF_8);
    String name = f.getFileName().toString();
    if (name.endsWith(".pem")) {
      String id = name.substring(0, name.length() - ".pem".length());
      return new TrustedKey(id, KeyFormat.OPENSSL, null, PublicKeys.parsePem(text, f.toString()), null, null, false,
          f.toString());
    }
    PublicKeys.KeyLine line = PublicKeys.parseKeyLine(text, f.toString());
    return new TrustedKey(KeyIds.format(line.keyNumber()), KeyFormat.MINISIGN, line.keyNumber(), line.key(), null,
        null, false, f.toString());
  }
}
