package dev.relay.artifact.signature;

import dev.relay.artifact.stream.Blake2bSink;
import dev.relay.artifact.stream.ByteSink;

/**
 * Checks one minisign signature with one public key. Decides two things separately: whether the file signature
 * holds (over BLAKE2b-512 of the file for "ED", streamed through BouncyCastle's digest; over the file itself for
 * legacy "Ed", streamed through {@link Ed25519StreamVerifier}) and whether the global signature over
 * signature || trusted comment holds (BouncyCastle). Single use: feed {@link #sink()} the file, then ask.
 */
public final class MinisignVerifier {

  private final MinisignSignature signature;
  private final byte[] publicKey;
  private final Blake2bSink blake2b;
  private final Ed25519StreamVerifier legacy;

  public MinisignVerifier(MinisignSignature signature, byte[] publicKey) {
    this.signature = signature;
    this.publicKey = publicKey.clone();
    this.blake2b = signature.prehashed() ? new Blake2bSink() : null;
    this.legacy = signature.prehashed() ? null : new Ed25519StreamVerifier(publicKey, signature.signature());
  }

  /** What must be fed the file's bytes. */
  public ByteSink sink() {
    return blake2b != null ? blake2b : legacy;
  }

  /** Whether the file fed is what the key signed. Call once, after the whole file. */
  public boolean fileSignatureValid() {
    if (blake2b != null) {
      return Ed25519Messages.verify(publicKey, blake2b.digest(), signature.signature());
    }
    return legacy.valid();
  }

  /** Whether the key signed this signature together with this trusted comment. */
  public boolean globalSignatureValid() {
    return Ed25519Messages.verify(publicKey, signature.globalMessage(), signature.globalSignature());
  }
}
