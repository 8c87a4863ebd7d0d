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
 * Runs the security team's real tools ({@code signify-openbsd}, {@code openssl}, {@code bash}) for tests, with a
 * deadline. A missing tool is a test failure (never a skip), pointing at deploy/setup.sh, which installs it.
 */
public final class Tool {

  private Tool() {}

  /** Runs a command in dir; its output, or an IOException naming command, exit code and output. */
  public static String run(Path dir, String... cmd) throws IOException {
    requireOnPath(cmd[0]);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.strip());
    }
    return out;
  }

  /** Runs a bash script in dir with extra environment variables (name, value, name, value, ...). */
  public static String bash(Path dir, String script, String... env) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("env"));
    for (int i = 0; i < env.length; i += 2) {
      cmd.add(env[i] + "=" + env[i + 1]);
    }
    cmd.addAll(List.of("bash", "-euo", "pipefail", "-c", script));
    return run(dir, cmd.toArray(String[]::new));
  }

  static void requireOnPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return;
      }
    }
    throw new AssertionError(name + " is not on PATH: these tests use the real tool. Run deploy/setup.sh (it installs"
        + " the Debian packages minisign, signify-openbsd and openssl)");
  }

  /** signify-openbsd key pair without passphrase: {@code <dir>/<name>.pub}, {@code <dir>/<name>.sec}. */
  public static Path[] signifyKey(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    run(dir, "signify-openbsd", "-G", "-n", "-p", name + ".pub", "-s", name + ".sec");
    return new Path[] {dir.resolve(name + ".pub"), dir.resolve(name + ".sec")};
  }

  /** {@code signify-openbsd -S}: a detached signature of file into sig. */
  public static Path signify(Path sec, Path file, Path sig) throws IOException {
    run(file.toAbsolutePath().getParent(), "signify-openbsd", "-S", "-s", sec.toString(), "-m", file.toString(),
        "-x", sig.toString());
    return sig;
  }

  /** openssl Ed25519 private key {@code <dir>/<name>.pem} and its public key {@code <dir>/<name>.pub.pem}. */
  public static Path[] opensslKey(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    run(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", name + ".pem");
    run(dir, "openssl", "pkey", "-in", name + ".pem", "-pubout", "-out", name + ".pub.pem");
    return new Path[] {dir.resolve(name + ".pub.pem"), dir.resolve(name + ".pem")};
  }

  /** {@code openssl pkeyutl -sign -rawin}: pure Ed25519 over the file's bytes, 64 raw bytes into sig. */
  public static Path opensslSign(Path key, Path file, Path sig) throws IOException {
    run(file.toAbsolutePath().getParent(), "openssl", "pkeyutl", "-sign", "-rawin", "-inkey", key.toString(), "-in",
        file.toString(), "-out", sig.toString());
    return sig;
  }
}
