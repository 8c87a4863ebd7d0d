package dev.relay.artifact.signature;

import dev.relay.artifact.stream.ByteSink;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A pure Ed25519 signature over a whole (large) message, checked as the message streams by: SHA-512 (JDK) of
 * R || A || message, then the RFC 8032 equation ({@link Ed25519Math}). Memory stays flat whatever the file size.
 * Single use: feed everything, then call {@link #valid()} once.
 */
public final class Ed25519StreamVerifier implements ByteSink {

  private final byte[] publicKey;
  private final byte[] signature;
  private final MessageDigest sha512;

  public Ed25519StreamVerifier(byte[] publicKey, byte[] signature) {
    this.publicKey = publicKey.clone();
    this.signature = signature.clone();
    try {
      this.sha512 = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-512", e);
    }
    if (signature.length == 64) {
      sha512.update(Arrays.copyOfRange(signature, 0, 32));
    }
    sha512.update(this.publicKey);
  }

  @Override
  public void update(byte[] buffer, int offset, int length) {
    sha512.update(buffer, offset, length);
  }

  /** Whether the key signed exactly the bytes fed. */
  public boolean valid() {
    return signature.length == 64 && Ed25519Math.verify(publicKey, signature, sha512.digest());
  }
}
