package dev.relay.artifact.signature;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The signed statement, relay's binding of name, version, SHA-256, size and signing key, for keys (an HSM, or any
 * Ed25519 key) that sign a small message rather than the whole file. Canonical text, UTF-8 (ASCII), LF after every
 * line, exactly these six lines in this order, nothing else:
 *
 * <pre>
 * relay-statement-v1
 * name=sandbox-node
 * version=1.1.0
 * sha256=&lt;64 lowercase hex digits&gt;
 * size=&lt;bytes, decimal, no leading zeros&gt;
 * key=&lt;trust-store key id&gt;
 * </pre>
 *
 * Signed with pure Ed25519 over exactly these bytes ({@code openssl pkeyutl -sign -rawin}). Decides whether a text is
 * such a statement: anything not byte-for-byte canonical is refused, so what is verified is what is read.
 */
public record Statement(String name, String version, String sha256Hex, long size, String keyId) {

  public static final String HEADER = "relay-statement-v1";
  public static final int MAX_BYTES = 4096;

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_+\\-][A-Za-z0-9._+\\-]{0,127}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");
  private static final List<String> KEYS = List.of("name", "version", "sha256", "size", "key");

  public static Statement parse(byte[] bytes) throws VerificationRefused {
    if (bytes.length > MAX_BYTES) {
      throw bad("it has " + bytes.length + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.endsWith("\n")) {
      throw bad("it does not end with a line feed");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length != 6 || !lines[0].equals(HEADER)) {
      throw bad("expected '" + HEADER + "' and 5 lines " + KEYS + ", found " + lines.length + " lines");
    }
    String[] values = new String[5];
    for (int i = 0; i < 5; i++) {
      String prefix = KEYS.get(i) + "=";
      if (!lines[i + 1].startsWith(prefix)) {
        throw bad("line " + (i + 2) + " should start with '" + prefix + "'");
      }
      values[i] = lines[i + 1].substring(prefix.length());
    }
    require(TOKEN, values[0], "name");
    require(TOKEN, values[1], "version");
    require(HEX, values[2], "sha256");
    require(SIZE, values[3], "size");
    require(TOKEN, values[4], "key");
    Statement s = new Statement(values[0], values[1], values[2], Long.parseLong(values[3]), values[4]);
    if (!java.util.Arrays.equals(s.bytes(), bytes)) {
      throw bad("it is not in canonical form");
    }
    return s;
  }

  /** The canonical bytes, which are what gets signed. */
  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  public String text() {
    return HEADER + "\nname=" + name + "\nversion=" + version + "\nsha256=" + sha256Hex + "\nsize=" + size
        + "\nkey=" + keyId + "\n";
  }

  /** Refuses unless the statement names the asked name and version (a null ask accepts what it names). */
  public void requireMatches(String askedName, String askedVersion) throws VerificationRefused {
    if (askedName != null && !askedName.equals(name)) {
      throw new VerificationRefused("signed statement names artifact " + name + " but " + askedName + " was asked");
    }
    if (askedVersion != null && !askedVersion.equals(version)) {
      throw new VerificationRefused("signed statement names version " + version + " but " + askedVersion
          + " was asked");
    }
  }

  private static void require(Pattern p, String value, String field) throws VerificationRefused {
    if (!p.matcher(value).matches()) {
      throw bad(field + " '" + value + "' is not allowed");
    }
  }

  private static VerificationRefused bad(String detail) {
    return new VerificationRefused("signed statement is garbled or not canonical: " + detail);
  }
}
