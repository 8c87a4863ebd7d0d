package dev.relay.artifact.store;

import dev.relay.artifact.signature.VerificationRefused;
import java.util.regex.Pattern;

/**
 * Which names and versions may become folders and files of the store: letters, digits, '.', '_', '-' and '+', not
 * starting with a dot, at most 128 characters. Anything else (a slash, "..") is refused by name.
 */
public final class ArtifactNames {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_+\\-][A-Za-z0-9._+\\-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public static void require(String what, String value) throws VerificationRefused {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new VerificationRefused(what + " '" + value + "' is not allowed: use letters, digits, '.', '_', '+' and '-'"
          + " (not starting with '.')");
    }
  }

  public static boolean safe(String value) {
    return value != null && SAFE.matcher(value).matches();
  }

  /** Whether a digest is "sha256:" followed by 64 lowercase hex digits. */
  public static boolean isDigest(String digest) {
    return digest != null && DIGEST.matcher(digest).matches();
  }

  private ArtifactNames() {}
}
