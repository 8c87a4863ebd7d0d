package dev.relay.artifact.signature;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A minisign public key file: {@code untrusted comment: ...} then base64 of "Ed" + 8-byte key id + 32-byte Ed25519
 * key. Decides whether a text is such a key; anything else is refused naming the problem.
 *
 * @param keyId the 8 key-id bytes as stored
 * @param key the 32-byte Ed25519 public key
 * @param source where it was read from, for messages
 */
public record MinisignPublicKey(byte[] keyId, byte[] key, String source) {

  public MinisignPublicKey {
    keyId = keyId.clone();
    key = key.clone();
  }

  public static MinisignPublicKey parse(String text, String source) throws VerificationRefused {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String encoded;
    if (lines.size() == 2 && lines.get(0).startsWith("untrusted comment:")) {
      encoded = lines.get(1);
    } else if (lines.size() == 1) {
      encoded = lines.get(0);
    } else {
      throw new VerificationRefused(source + " is not a minisign public key: expected an untrusted comment line and a key line");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new VerificationRefused(source + " is not a minisign public key: key line is not valid base64");
    }
    if (raw.length != 42) {
      throw new VerificationRefused(source + " is not a minisign public key: key line holds " + raw.length + " bytes, expected 42");
    }
    if (raw[0] != 'E' || raw[1] != 'd') {
      throw new VerificationRefused(source + " is not a minisign public key: algorithm is not Ed");
    }
    return new MinisignPublicKey(Arrays.copyOfRange(raw, 2, 10), Arrays.copyOfRange(raw, 10, 42), source);
  }

  /** The key id as minisign prints it. */
  public String keyIdHex() {
    return KeyIds.format(keyId);
  }

  public Ed25519PublicKeyParameters parameters() {
    return new Ed25519PublicKeyParameters(key, 0);
  }

  @Override
  public byte[] keyId() {
    return keyId.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinisignPublicKey k && Arrays.equals(keyId, k.keyId) && Arrays.equals(key, k.key);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keyId) + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "MinisignPublicKey[" + keyIdHex() + " from " + source + "]";
  }
}
