package dev.relay.orchestrator.saga;

import java.util.regex.Pattern;

/**
 * What a fact must carry before a saga lets it move a deployment: the node it names is the one the saga waits for
 * (a fact naming no node answers nothing), and a verified artifact names a SHA-256 digest. A fact that fails these is
 * ignored like a stray one, so the step's deadline still ends the wait; it never throws inside the transition.
 */
final class Inputs {

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private Inputs() {}

  /** The expected node is named, non-null on both sides. */
  static boolean sameNode(String expected, String actual) {
    return expected != null && expected.equals(actual);
  }

  static boolean validDigest(String digest) {
    return digest != null && DIGEST.matcher(digest).matches();
  }
}
