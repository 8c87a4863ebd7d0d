package dev.relay.artifact.trust;

import java.util.Locale;

/**
 * How a trusted public key is written. minisign and signify public keys share one layout (base64 of "Ed" + 8-byte
 * key number + 32-byte key), so either verifies minisign and signify signatures; an openssl key is a PEM
 * SubjectPublicKeyInfo and has no key number, so it is named by its id (in a signed statement).
 */
public enum KeyFormat {
  MINISIGN, SIGNIFY, OPENSSL;

  public static KeyFormat parse(String value) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("format '" + value + "' is not one of minisign, signify, openssl");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
