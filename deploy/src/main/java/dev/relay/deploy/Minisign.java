package dev.relay.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real minisign tool (Debian package "minisign"): makes a key pair and signs, as the security team would. */
public final class Minisign {

  public record KeyPair(Path publicKey, Path secretKey) {}

  public static void requireInstalled() {
    try {
      run(List.of("minisign", "-v"));
    } catch (IOException e) {
      throw new IllegalStateException("minisign is not installed: run ./deploy/setup.sh (apt-get install minisign)", e);
    }
  }

  /** A fresh key pair without a password, for one run. */
  public static KeyPair generate(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path pub = dir.resolve("relay-signing.pub");
    Path sec = dir.resolve("relay-signing.key");
    Files.deleteIfExists(pub);
    Files.deleteIfExists(sec);
    run(List.of("minisign", "-G", "-W", "-p", pub.toString(), "-s", sec.toString()));
    return new KeyPair(pub, sec);
  }

  /**
   * Signs a file; the trusted comment binds the artifact's name and version, and minisign's global signature covers
   * it. Writes {@code <file>.minisig}.
   */
  public static Path sign(KeyPair key, Path file, String name, String version) throws IOException {
    Path sig = Path.of(file + ".minisig");
    Files.deleteIfExists(sig);
    run(List.of("minisign", "-S", "-s", key.secretKey().toString(), "-m", file.toString(), "-x", sig.toString(),
        "-t", "relay-artifact name=" + name + " version=" + version));
    return sig;
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private Minisign() {}
}
