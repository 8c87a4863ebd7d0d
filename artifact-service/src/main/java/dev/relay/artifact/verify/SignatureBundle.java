package dev.relay.artifact.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The signature material that came with one artifact, by role, as the tools write it. Beside {@code X.tar.gz} in an
 * import folder (and in the store) each role has its file name:
 *
 * <ul>
 *   <li>{@code X.tar.gz.minisig}: minisign (binds name and version through its trusted comment);</li>
 *   <li>{@code X.tar.gz.sig}: signify over the file;</li>
 *   <li>{@code X.tar.gz.ed25519}: raw 64-byte Ed25519 over the file ({@code openssl pkeyutl -sign -rawin});</li>
 *   <li>{@code X.tar.gz.statement} and {@code X.tar.gz.statement.sig}: the signed statement and its signature (raw
 *       64 bytes, or a signify signature of the statement).</li>
 * </ul>
 *
 * Which combinations are accepted is decided by {@link ArtifactVerifier}.
 */
public record SignatureBundle(byte[] minisign, byte[] signify, byte[] ed25519, byte[] statement,
    byte[] statementSignature) {

  /** A file role and its suffix. */
  public enum Role {
    MINISIGN(".minisig"), SIGNIFY(".sig"), ED25519(".ed25519"), STATEMENT(".statement"),
    STATEMENT_SIGNATURE(".statement.sig");

    public final String suffix;

    Role(String suffix) {
      this.suffix = suffix;
    }
  }

  public static SignatureBundle minisign(byte[] minisig) {
    return new SignatureBundle(minisig, null, null, null, null);
  }

  public static SignatureBundle of(java.util.Map<Role, byte[]> parts) {
    return new SignatureBundle(parts.get(Role.MINISIGN), parts.get(Role.SIGNIFY), parts.get(Role.ED25519),
        parts.get(Role.STATEMENT), parts.get(Role.STATEMENT_SIGNATURE));
  }

  public byte[] get(Role role) {
    return switch (role) {
      case MINISIGN -> minisign;
      case SIGNIFY -> signify;
      case ED25519 -> ed25519;
      case STATEMENT -> statement;
      case STATEMENT_SIGNATURE -> statementSignature;
    };
  }

  /** The roles present. */
  public List<Role> roles() {
    List<Role> out = new ArrayList<>();
    for (Role r : Role.values()) {
      if (get(r) != null) {
        out.add(r);
      }
    }
    return out;
  }

  public boolean isEmpty() {
    return roles().isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SignatureBundle b)) {
      return false;
    }
    for (Role r : Role.values()) {
      if (!Arrays.equals(get(r), b.get(r))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Role r : Role.values()) {
      h = 31 * h + Arrays.hashCode(get(r));
    }
    return h;
  }

  @Override
  public String toString() {
    return "SignatureBundle" + roles();
  }
}
