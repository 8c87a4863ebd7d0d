package dev.relay.artifact.signature;

/**
 * A raw Ed25519 signature, as {@code openssl pkeyutl -sign -rawin} (or an HSM) writes it: exactly 64 bytes, no key
 * id. Anything else is refused as garbled or truncated.
 */
public final class RawSignature {

  private RawSignature() {}

  public static byte[] parse(byte[] bytes, String what) throws VerificationRefused {
    if (bytes.length != 64) {
      throw new VerificationRefused(what + " is garbled or truncated: a raw Ed25519 signature has 64 bytes, this has "
          + bytes.length);
    }
    return bytes.clone();
  }
}
