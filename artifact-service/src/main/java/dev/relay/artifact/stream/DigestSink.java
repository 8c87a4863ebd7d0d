package dev.relay.artifact.stream;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A JDK {@link MessageDigest} as a sink (SHA-256 uses the CPU's SHA instructions through the JDK intrinsic). */
public final class DigestSink implements ByteSink {

  private final MessageDigest digest;

  private DigestSink(MessageDigest digest) {
    this.digest = digest;
  }

  public static DigestSink sha256() {
    try {
      return new DigestSink(MessageDigest.getInstance("SHA-256"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public void update(byte[] buffer, int offset, int length) {
    digest.update(buffer, offset, length);
  }

  /** The digest of everything fed, as lowercase hex. Call once. */
  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
