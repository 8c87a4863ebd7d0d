package dev.relay.artifact.trust;

import dev.relay.artifact.signature.VerificationRefused;
import java.time.Instant;
import java.util.Arrays;

/**
 * One key the trust store lists, and whether it may vouch for an artifact at a given moment: only between notBefore
 * and notAfter (either may be open) and never once revoked. Every refusal names the key.
 *
 * @param id how records and refusals name the key: for minisign and signify keys the key number as minisign prints
 *     it, for openssl keys the id given in keys.json or the .pem file name
 * @param keyNumber the 8 key-number bytes of a minisign/signify key, null for an openssl key
 * @param publicKey the 32-byte Ed25519 public key
 * @param source where it was read, for messages
 */
public record TrustedKey(
    String id,
    KeyFormat format,
    byte[] keyNumber,
    byte[] publicKey,
    Instant notBefore,
    Instant notAfter,
    boolean revoked,
    String source) {

  public TrustedKey {
    keyNumber = keyNumber == null ? null : keyNumber.clone();
    publicKey = publicKey.clone();
  }

  /** Refuses unless the key may vouch for an artifact now. */
  public void requireUsableAt(Instant now) throws VerificationRefused {
    if (revoked) {
      throw new VerificationRefused("revoked key " + id + " (" + source + "): nothing it signed is accepted, also"
          + " artifacts imported before it was revoked");
    }
    if (notBefore != null && now.isBefore(notBefore)) {
      throw new VerificationRefused("key " + id + " is not valid yet: valid from " + notBefore + ", now " + now);
    }
    if (notAfter != null && now.isAfter(notAfter)) {
      throw new VerificationRefused("expired key " + id + ": valid until " + notAfter + ", now " + now
          + " (re-sign the artifact with a current key)");
    }
  }

  /** Whether two entries hold the same key material. */
  public boolean sameKey(TrustedKey other) {
    return Arrays.equals(publicKey, other.publicKey) && Arrays.equals(keyNumber, other.keyNumber);
  }

  @Override
  public byte[] keyNumber() {
    return keyNumber == null ? null : keyNumber.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustedKey k && id.equals(k.id) && format == k.format && sameKey(k)
        && java.util.Objects.equals(notBefore, k.notBefore) && java.util.Objects.equals(notAfter, k.notAfter)
        && revoked == k.revoked;
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "TrustedKey[" + id + " " + format.label() + (revoked ? " revoked" : "") + " from " + source + "]";
  }
}
