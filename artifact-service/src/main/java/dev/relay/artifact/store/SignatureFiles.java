package dev.relay.artifact.store;

import dev.relay.artifact.verify.ArtifactVerifier;
import dev.relay.artifact.verify.SignatureBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where a signature bundle's files live: beside an artifact ({@code X.tar.gz.minisig}, {@code .sig},
 * {@code .ed25519}, {@code .statement}, {@code .statement.sig}) and in the store
 * ({@code signatures/<hex>-<set><suffix>}, the set being a hash of the bundle, so a re-signed artifact's new files
 * never overwrite the files its current record names). Reads are bounded: a file larger than a signature can be is
 * refused by the verifier unread.
 */
public final class SignatureFiles {

  private SignatureFiles() {}

  /** The bundle of files beside an artifact (empty when there are none). */
  public static SignatureBundle beside(Path artifact) throws IOException {
    return read(artifact.getParent(), artifact.getFileName().toString());
  }

  /** The bundle whose files are {@code dir/<base><suffix>}. */
  public static SignatureBundle read(Path dir, String base) throws IOException {
    Map<SignatureBundle.Role, byte[]> parts = new EnumMap<>(SignatureBundle.Role.class);
    for (SignatureBundle.Role r : SignatureBundle.Role.values()) {
      Path f = dir.resolve(base + r.suffix);
      if (Files.isRegularFile(f)) {
        parts.put(r, readBounded(f));
      }
    }
    return SignatureBundle.of(parts);
  }

  /** Reads at most one byte more than a signature may have; the verifier refuses anything that long. */
  public static byte[] readBounded(InputStream in) throws IOException {
    return in.readNBytes((int) ArtifactVerifier.MAX_SIGNATURE_BYTES + 1);
  }

  private static byte[] readBounded(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      return readBounded(in);
    }
  }

  /** A short name for one bundle's content: 16 hex digits of SHA-256 over its roles and bytes. */
  public static String setId(SignatureBundle bundle) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (SignatureBundle.Role r : bundle.roles()) {
        md.update(r.suffix.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        md.update(Long.toString(bundle.get(r).length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        md.update(bundle.get(r));
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
