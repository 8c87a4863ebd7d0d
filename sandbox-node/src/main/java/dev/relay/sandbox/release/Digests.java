package dev.relay.sandbox.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Artifact digests as written on the wire ({@code sha256:<64 hex>}). Decides the canonical form and compares digests
 * with or without the prefix; hashes with the JDK's SHA-256.
 */
public final class Digests {

  public static final String PREFIX = "sha256:";

  private Digests() {}

  /** The 64 lowercase hex characters of a digest given with or without the prefix; refuses anything else. */
  public static String hex(String digest) {
    if (digest == null) {
      throw new IllegalArgumentException("digest is missing");
    }
    String d = digest.trim().toLowerCase(Locale.ROOT);
    if (d.startsWith(PREFIX)) {
      d = d.substring(PREFIX.length());
    }
    if (!d.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 digest: '" + digest + "'");
    }
    return d;
  }

  /** The canonical form {@code sha256:<hex>}. */
  public static String canonical(String digest) {
    return PREFIX + hex(digest);
  }

  /** First 12 hex characters, used in release folder names. */
  public static String hex12(String digest) {
    return hex(digest).substring(0, 12);
  }

  public static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    try {
      return hex(a).equals(hex(b));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** {@code sha256:<hex>} of a file's bytes. */
  public static String of(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return PREFIX + HexFormat.of().formatHex(md.digest());
  }
}
