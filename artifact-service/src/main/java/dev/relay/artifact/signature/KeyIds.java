package dev.relay.artifact.signature;

/**
 * How a minisign key id is shown: the 8 key-id bytes read as a little-endian unsigned 64-bit number, printed as 16
 * uppercase hex digits ({@code %016llX}), exactly as {@code minisign} prints it.
 */
public final class KeyIds {

  public static String format(byte[] keyId) {
    if (keyId.length != 8) {
      throw new IllegalArgumentException("a minisign key id has 8 bytes, not " + keyId.length);
    }
    StringBuilder sb = new StringBuilder(16);
    for (int i = 7; i >= 0; i--) {
      sb.append(Character.toUpperCase(Character.forDigit((keyId[i] >> 4) & 0xF, 16)));
      sb.append(Character.toUpperCase(Character.forDigit(keyId[i] & 0xF, 16)));
    }
    return sb.toString();
  }

  private KeyIds() {}
}
