package dev.relay.artifact.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The keys this registry trusts: every {@code *.pub} minisign public key file in one directory. The directory is read
 * on every lookup, so a key removed from it is no longer trusted by the next verification. Decides which public key
 * answers for a key id; an unknown id, or one claimed by two different keys, is refused.
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

  /** Every readable key now in the directory; unreadable files are logged and left out. */
  public List<MinisignPublicKey> keys() {
    List<MinisignPublicKey> keys = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return keys;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
      for (Path f : files) {
        try {
          keys.add(MinisignPublicKey.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString()));
        } catch (VerificationRefused | IOException e) {
          LOG.warnf("trust store: ignoring %s: %s", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warnf("trust store: cannot list %s: %s", dir, e.getMessage());
    }
    return keys;
  }

  /** The trusted key with this id (as minisign prints it), or a refusal naming the id. */
  public MinisignPublicKey require(String keyIdHex) throws VerificationRefused {
    if (!Files.isDirectory(dir)) {
      throw new VerificationRefused("unknown key id " + keyIdHex + ": trust store " + dir + " does not exist");
    }
    MinisignPublicKey found = null;
    for (MinisignPublicKey k : keys()) {
      if (k.keyIdHex().equals(keyIdHex)) {
        if (found != null && !found.equals(k)) {
          throw new VerificationRefused("key id " + keyIdHex + " is claimed by two different keys in the trust store ("
              + found.source() + ", " + k.source() + ")");
        }
        found = k;
      }
    }
    if (found == null) {
      throw new VerificationRefused("unknown key id " + keyIdHex + ": not in the trust store " + dir);
    }
    return found;
  }
}
