package dev.relay.artifact.stream;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/** BLAKE2b-512 (BouncyCastle) as a sink: what a prehashed minisign signature covers. */
public final class Blake2bSink implements ByteSink {

  private final Blake2bDigest digest = new Blake2bDigest(512);

  @Override
  public void update(byte[] buffer, int offset, int length) {
    digest.update(buffer, offset, length);
  }

  /** The 64-byte hash of everything fed. Call once. */
  public byte[] digest() {
    byte[] out = new byte[64];
    digest.doFinal(out, 0);
    return out;
  }
}
