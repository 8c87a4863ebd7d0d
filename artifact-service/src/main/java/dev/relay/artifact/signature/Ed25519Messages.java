package dev.relay.artifact.signature;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Pure Ed25519 over a small message held in memory (a minisign prehash, a global signature, a signed statement):
 * BouncyCastle's verify, with the public key validated first.
 */
public final class Ed25519Messages {

  private Ed25519Messages() {}

  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE
        || !Ed25519.validatePublicKeyPartial(publicKey, 0)) {
      return false;
    }
    return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }
}
