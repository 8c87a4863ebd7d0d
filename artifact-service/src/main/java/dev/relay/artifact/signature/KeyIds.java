package dev.relay.artifact.signature;

/**
 * How a minisign key id is shown: the 8 key-id bytes read as a little-endian unsigned 64-bit number, printed in
 * uppercase hex without leading zeros, exactly as minisign 0.11 prints it ({@code %lX}, e.g. in
 * "minisign public key 670D4F55A8E5DED" and in its key-id mismatch message).
 */
public final class KeyIds {

  public static String format(byte[] keyId) {
    if (keyId.length != 8) {
      throw new IllegalArgumentException("a minisign key id has 8 bytes, not " + keyId.length);
    }
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (keyId[i] & 0xFF);
    }
    return Long.toHexString(value).toUpperCase();
  }

  private KeyIds() {}
}
