package dev.relay.artifact.signature;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks one minisign signature with one public key, fed the file's bytes as they stream by. Decides two things
 * separately: whether the file signature holds (over BLAKE2b-512 of the file for "ED", over the file itself for legacy
 * "Ed") and whether the global signature over signature || trusted comment holds. Single use.
 */
public final class MinisignVerifier {

  private final MinisignSignature signature;
  private final MinisignPublicKey key;
  private final Blake2bDigest blake2b;
  private final Ed25519Signer legacy;

  public MinisignVerifier(MinisignSignature signature, MinisignPublicKey key) {
    this.signature = signature;
    this.key = key;
    if (signature.prehashed()) {
      this.blake2b = new Blake2bDigest(512);
      this.legacy = null;
    } else {
      this.blake2b = null;
      this.legacy = new Ed25519Signer();
      this.legacy.init(false, key.parameters());
    }
  }

  /** Feeds the next bytes of the signed file. */
  public void update(byte[] buffer, int offset, int length) {
    if (blake2b != null) {
      blake2b.update(buffer, offset, length);
    } else {
      legacy.update(buffer, offset, length);
    }
  }

  /** Whether the file fed so far is what the key signed. Call once, after the whole file. */
  public boolean fileSignatureValid() {
    byte[] sig = signature.signature();
    if (blake2b != null) {
      byte[] hash = new byte[64];
      blake2b.doFinal(hash, 0);
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(false, key.parameters());
      signer.update(hash, 0, hash.length);
      return signer.verifySignature(sig);
    }
    return legacy.verifySignature(sig);
  }

  /** Whether the key signed this signature together with this trusted comment. */
  public boolean globalSignatureValid() {
    byte[] message = signature.globalMessage();
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(false, key.parameters());
    signer.update(message, 0, message.length);
    return signer.verifySignature(signature.globalSignature());
  }
}
