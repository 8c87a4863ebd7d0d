package dev.relay.artifact.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the real {@code minisign} binary for tests. Missing binary is a test failure (never a skip), pointing at
 * deploy/setup.sh, which installs it.
 */
public final class Minisign {

  /** A generated key pair: public key file, secret key file, and the key id minisign printed in the public key. */
  public record KeyPair(Path pub, Path sec, String keyIdFromComment) {}

  public static Path binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "minisign");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("the minisign binary is not on PATH: these tests use the real tool. "
        + "Run deploy/setup.sh (it installs the Debian package minisign), or apt-get install -y minisign");
  }

  /** {@code minisign -G -W -p <dir>/<name>.pub -s <dir>/<name>.sec}: a key pair without password. */
  public static KeyPair generate(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path pub = dir.resolve(name + ".pub");
    Path sec = dir.resolve(name + ".sec");
    run(List.of(binary().toString(), "-G", "-W", "-p", pub.toString(), "-s", sec.toString()));
    String comment = Files.readAllLines(pub, StandardCharsets.UTF_8).get(0);
    String keyId = comment.substring(comment.lastIndexOf(' ') + 1).strip();
    return new KeyPair(pub, sec, keyId);
  }

  /** A key pair generated earlier into dir by {@link #generate}. */
  public static KeyPair load(Path dir, String name) throws IOException {
    Path pub = dir.resolve(name + ".pub");
    String comment = Files.readAllLines(pub, StandardCharsets.UTF_8).get(0);
    return new KeyPair(pub, dir.resolve(name + ".sec"), comment.substring(comment.lastIndexOf(' ') + 1).strip());
  }

  /** Signs file into file + ".minisig" (or sigFile) with the trusted comment; legacy = {@code -l} ("Ed"). */
  public static Path sign(KeyPair key, Path file, String trustedComment, boolean legacy) throws IOException {
    return sign(key, file, file.resolveSibling(file.getFileName() + ".minisig"), trustedComment, legacy);
  }

  public static Path sign(KeyPair key, Path file, Path sigFile, String trustedComment, boolean legacy)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary().toString(), "-S", "-s", key.sec().toString(),
        "-m", file.toString(), "-x", sigFile.toString(), "-t", trustedComment));
    if (legacy) {
      cmd.add("-l");
    }
    run(cmd);
    return sigFile;
  }

  /** {@code minisign -V}: whether the tool itself accepts the file (an oracle for the Java verifier). */
  public static boolean toolVerifies(KeyPair key, Path file, Path sigFile) throws IOException {
    return exit(List.of(binary().toString(), "-V", "-q", "-p", key.pub().toString(), "-m", file.toString(),
        "-x", sigFile.toString())) == 0;
  }

  private static void run(List<String> cmd) throws IOException {
    int code = exit(cmd);
    if (code != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + code);
    }
  }

  private static int exit(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return p.exitValue();
  }

  private Minisign() {}
}
