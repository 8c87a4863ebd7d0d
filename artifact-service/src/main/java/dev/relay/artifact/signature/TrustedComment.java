package dev.relay.artifact.signature;

import java.util.Optional;

/**
 * The binding carried by a trusted comment: space-separated tokens among which {@code name=<name>} and
 * {@code version=<version>}, e.g. {@code relay-artifact name=sandbox-node version=1.1.0}. Decides which artifact a
 * signature is for; a comment naming none, or one twice, binds nothing and is refused.
 */
public record TrustedComment(String name, String version) {

  public static TrustedComment parse(String comment) throws VerificationRefused {
    String name = token(comment, "name");
    String version = token(comment, "version");
    return new TrustedComment(name, version);
  }

  private static String token(String comment, String key) throws VerificationRefused {
    String prefix = key + "=";
    Optional<String> found = Optional.empty();
    for (String t : comment.strip().split("\\s+")) {
      if (t.startsWith(prefix)) {
        if (found.isPresent()) {
          throw new VerificationRefused("trusted comment names " + key + " twice: '" + comment + "'");
        }
        found = Optional.of(t.substring(prefix.length()));
      }
    }
    if (found.isEmpty() || found.get().isEmpty()) {
      throw new VerificationRefused("trusted comment has no " + prefix + "... token, so it binds no artifact: '" + comment + "'");
    }
    return found.get();
  }

  /** Refuses unless this binding names the asked name and version (a null ask accepts what the comment names). */
  public void requireMatches(String askedName, String askedVersion) throws VerificationRefused {
    if (askedName != null && !askedName.equals(name)) {
      throw new VerificationRefused("trusted comment names artifact " + name + " but " + askedName + " was asked");
    }
    if (askedVersion != null && !askedVersion.equals(version)) {
      throw new VerificationRefused("trusted comment names version " + version + " but " + askedVersion + " was asked");
    }
  }
}
