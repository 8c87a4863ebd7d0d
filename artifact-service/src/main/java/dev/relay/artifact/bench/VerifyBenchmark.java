package dev.relay.artifact.bench;

import dev.relay.artifact.signature.Statement;
import dev.relay.artifact.trust.TrustStore;
import dev.relay.artifact.verify.ArtifactVerifier;
import dev.relay.artifact.verify.SignatureBundle;
import dev.relay.artifact.verify.VerifiedArtifact;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The verification benchmark (a command, not a test): makes an artifact of {@code --size-mib} MiB (random bytes, or
 * a sparse file with {@code --sparse}), signs it with the real tools in each format, then in the same run times
 * {@code openssl dgst -sha256} on the file and the registry's full verification of each format, and prints MB/s, the
 * ratio to openssl, and the process's peak resident memory (VmHWM). Run it through {@code artifact-service/bench.sh}.
 *
 * <p>Options: {@code --size-mib N} (1024), {@code --dir D} (target/bench), {@code --sparse},
 * {@code --formats statement,minisign,signify,openssl}, {@code --rounds N} (2; the best round counts).
 */
public final class VerifyBenchmark {

  private VerifyBenchmark() {}

  public static void main(String[] args) throws Exception {
    long sizeMib = 1024;
    Path dir = Path.of("target", "bench");
    boolean sparse = false;
    int rounds = 2;
    List<String> formats = List.of("statement", "minisign", "signify", "openssl");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--size-mib" -> sizeMib = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--sparse" -> sparse = true;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--formats" -> formats = Arrays.asList(args[++i].split(","));
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    dir = dir.toAbsolutePath();
    Files.createDirectories(dir);
    Path file = dir.resolve("bench-artifact.bin");
    long bytes = sizeMib << 20;
    System.out.printf("artifact: %s, %d MiB, %s%n", file, sizeMib, sparse ? "sparse (zeros)" : "random bytes");
    write(file, bytes, sparse);

    double opensslSeconds = Double.MAX_VALUE;
    String opensslHex = null;
    for (int r = 0; r < rounds; r++) {
      long t = System.nanoTime();
      String out = Tools.run(dir, List.of("openssl", "dgst", "-sha256", "-r", file.toString()));
      opensslSeconds = Math.min(opensslSeconds, (System.nanoTime() - t) / 1e9);
      opensslHex = out.substring(0, 64);
    }
    double opensslMbs = bytes / 1e6 / opensslSeconds;

    Keys keys = Keys.make(dir.resolve("keys"));
    ArtifactVerifier verifier = new ArtifactVerifier(new TrustStore(keys.trustDir()), Clock.systemUTC());
    long hwmBefore = vmHwmKib();
    System.out.printf("%nJVM max heap %d MiB; peak RSS before verifying: %d MiB%n",
        Runtime.getRuntime().maxMemory() >> 20, hwmBefore >> 10);
    System.out.printf("%-28s %8s %10s %8s%n", "what", "seconds", "MB/s", "ratio");
    System.out.printf("%-28s %8.2f %10.0f %8s%n", "openssl dgst -sha256", opensslSeconds, opensslMbs, "1.00");
    for (String format : formats) {
      SignatureBundle bundle;
      try {
        bundle = sign(format, file, opensslHex, bytes, keys, dir.resolve("sig-" + format));
      } catch (IOException e) {
        System.out.printf("%-28s could not sign: %s%n", format, e.getMessage());
        continue;
      }
      double best = Double.MAX_VALUE;
      VerifiedArtifact v = null;
      for (int r = 0; r < rounds; r++) {
        long t = System.nanoTime();
        v = verifier.verify(file, bundle, "bench", "1.0.0");
        best = Math.min(best, (System.nanoTime() - t) / 1e9);
      }
      if (!v.sha256Hex().equals(opensslHex)) {
        throw new IllegalStateException("SHA-256 differs from openssl's: " + v.sha256Hex() + " vs " + opensslHex);
      }
      double mbs = bytes / 1e6 / best;
      System.out.printf("%-28s %8.2f %10.0f %8.2f%n", "verify " + format + " (" + v.keyId() + ")", best, mbs,
          mbs / opensslMbs);
    }
    System.out.printf("%npeak RSS (VmHWM) of this JVM: %d MiB (before verifying: %d MiB) for a %d MiB artifact%n",
        vmHwmKib() >> 10, hwmBefore >> 10, sizeMib);
  }

  private static SignatureBundle sign(String format, Path file, String sha256, long size, Keys keys, Path out)
      throws IOException {
    Files.createDirectories(out);
    String name = file.toString();
    switch (format) {
      case "minisign" -> {
        Path sig = out.resolve("a.minisig");
        Tools.run(out, List.of("minisign", "-S", "-s", keys.minisignSec().toString(), "-m", name, "-x",
            sig.toString(), "-t", "relay-artifact name=bench version=1.0.0"));
        return SignatureBundle.minisign(Files.readAllBytes(sig));
      }
      case "statement" -> {
        Path st = statement(out, sha256, size, Keys.OPENSSL_ID);
        Tools.run(out, List.of("openssl", "pkeyutl", "-sign", "-rawin", "-inkey", keys.opensslKey().toString(),
            "-in", st.toString(), "-out", st + ".sig"));
        return new SignatureBundle(null, null, null, Files.readAllBytes(st), Files.readAllBytes(Path.of(st + ".sig")));
      }
      case "openssl" -> {
        Path st = statement(out, sha256, size, Keys.OPENSSL_ID);
        Tools.run(out, List.of("openssl", "pkeyutl", "-sign", "-rawin", "-inkey", keys.opensslKey().toString(),
            "-in", st.toString(), "-out", st + ".sig"));
        Path sig = out.resolve("a.ed25519");
        Tools.run(out, List.of("openssl", "pkeyutl", "-sign", "-rawin", "-inkey", keys.opensslKey().toString(),
            "-in", name, "-out", sig.toString()));
        return new SignatureBundle(null, null, Files.readAllBytes(sig), Files.readAllBytes(st),
            Files.readAllBytes(Path.of(st + ".sig")));
      }
      case "signify" -> {
        Path st = statement(out, sha256, size, keys.signifyId());
        Tools.run(out, List.of("signify-openbsd", "-S", "-s", keys.signifySec().toString(), "-m", st.toString(),
            "-x", st + ".sig"));
        Path sig = out.resolve("a.sig");
        Tools.run(out, List.of("signify-openbsd", "-S", "-s", keys.signifySec().toString(), "-m", name, "-x",
            sig.toString()));
        return new SignatureBundle(null, Files.readAllBytes(sig), null, Files.readAllBytes(st),
            Files.readAllBytes(Path.of(st + ".sig")));
      }
      default -> throw new IOException("unknown format " + format);
    }
  }

  private static Path statement(Path out, String sha256, long size, String keyId) throws IOException {
    Path st = out.resolve("a.statement");
    Files.write(st, new Statement("bench", "1.0.0", sha256, size, keyId).bytes());
    return st;
  }

  private static void write(Path file, long bytes, boolean sparse) throws IOException {
    Files.deleteIfExists(file);
    if (sparse) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(bytes);
      }
      return;
    }
    SplittableRandom random = new SplittableRandom(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < bytes; done += block.length) {
        for (int i = 0; i < block.length; i += 8) {
          long v = random.nextLong();
          for (int j = 0; j < 8; j++) {
            block[i + j] = (byte) (v >>> (8 * j));
          }
        }
        out.write(block, 0, (int) Math.min(block.length, bytes - done));
      }
    }
  }

  /** Peak resident set size of this process, KiB, from /proc/self/status. */
  static long vmHwmKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** The keys made for one run, and a trust store naming them. */
  record Keys(Path trustDir, Path minisignSec, Path signifySec, String signifyId, Path opensslKey) {

    static final String OPENSSL_ID = "bench-hsm";

    static Keys make(Path dir) throws IOException {
      Files.createDirectories(dir);
      Path trust = dir.resolve("trust");
      Files.createDirectories(trust);
      for (String f : List.of("m.pub", "m.sec", "s.pub", "s.sec", "o.pem")) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Tools.run(dir, List.of("minisign", "-G", "-W", "-p", "m.pub", "-s", "m.sec"));
      Tools.run(dir, List.of("signify-openbsd", "-G", "-n", "-p", "s.pub", "-s", "s.sec"));
      Tools.run(dir, List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", "o.pem"));
      Files.copy(dir.resolve("m.pub"), trust.resolve("minisign.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(dir.resolve("s.pub"), trust.resolve("signify.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String pem = Tools.run(dir, List.of("openssl", "pkey", "-in", "o.pem", "-pubout"));
      Files.writeString(trust.resolve(OPENSSL_ID + ".pem"), pem);
      String signifyId = new ArrayList<>(new TrustStore(trust).keys()).stream()
          .filter(k -> k.source().endsWith("signify.pub")).findFirst().orElseThrow().id();
      return new Keys(trust, dir.resolve("m.sec"), dir.resolve("s.sec"), signifyId, dir.resolve("o.pem"));
    }
  }
}
