package dev.relay.sandbox.release;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Puts a release archive on a node's disk: checks the archive's bytes against the digest, then unpacks while hashing
 * the very bytes it unpacks (refused, staging removed, when they no longer match), into
 * {@code releases/<version>-<hex12>.staging}, checks it is a sandbox-node release of the expected version, writes
 * DIGEST and renames the folder to its final name. Decides that an already unpacked release is reused, never unpacked
 * twice. Touches neither `current` nor the process.
 */
public final class ReleaseInstaller {

  /** The release on disk and whether this call unpacked it. */
  public record Installed(Release release, boolean unpacked) {}

  private final SandboxLayout layout;
  private final ReleaseArchive archive;
  private final Runnable afterDigestCheck;

  public ReleaseInstaller(SandboxLayout layout, ReleaseArchive archive) {
    this(layout, archive, () -> {});
  }

  /** With a step run between the digest check and the unpack (tests swap the file there). */
  ReleaseInstaller(SandboxLayout layout, ReleaseArchive archive, Runnable afterDigestCheck) {
    this.layout = layout;
    this.archive = archive;
    this.afterDigestCheck = afterDigestCheck;
  }

  /**
   * @param expectedVersion the version the archive must carry, or null to take its VERSION file as is
   * @throws IOException naming what is wrong (digest mismatch, refused entry, not a release, version mismatch)
   */
  public Installed install(Path nodeDir, Path tarGz, String expectedVersion, String digest) throws IOException {
    String canonical = Digests.canonical(digest);
    Optional<Release> existing = layout.releaseWithDigest(nodeDir, canonical);
    if (existing.isPresent()) {
      return new Installed(existing.get(), false);
    }
    String actual = Digests.of(tarGz);
    if (!Digests.same(actual, canonical)) {
      throw new IOException("digest mismatch: expected " + canonical + ", received " + actual);
    }
    afterDigestCheck.run();
    Path releases = SandboxLayout.releasesDir(nodeDir);
    Files.createDirectories(releases);
    String stagingVersion = expectedVersion == null ? "new" : expectedVersion;
    Path staging = releases.resolve(SandboxLayout.releaseName(stagingVersion, canonical) + ".staging");
    try {
      // the bytes unpacked are the bytes verified: hash exactly the stream that is unpacked, to its last byte
      MessageDigest md = Digests.sha256();
      // digest below the buffer: gzip's mark/reset happens above it, so every byte of the file is digested once
      try (InputStream in = new BufferedInputStream(new DigestInputStream(Files.newInputStream(tarGz), md))) {
        archive.unpack(in, staging);
        in.transferTo(OutputStream.nullOutputStream());
      }
      String unpacked = Digests.PREFIX + HexFormat.of().formatHex(md.digest());
      if (!Digests.same(unpacked, canonical)) {
        throw new IOException("digest mismatch: the bytes unpacked hash to " + unpacked + ", the verified digest is "
            + canonical + " (the file changed after it was checked); nothing installed");
      }
      for (String required : new String[] {"VERSION", "bin/sandbox-node", "lib/sandbox-node.jar"}) {
        if (!Files.isRegularFile(staging.resolve(required))) {
          throw new IOException("not a sandbox-node release: " + required + " is missing");
        }
      }
      String version = Files.readString(staging.resolve("VERSION")).trim();
      if (expectedVersion != null && !expectedVersion.equals(version)) {
        throw new IOException("archive carries version " + version + ", expected " + expectedVersion);
      }
      Files.writeString(staging.resolve("DIGEST"), canonical + "\n");
      Path target = releases.resolve(SandboxLayout.releaseName(version, canonical));
      if (Files.exists(target)) {
        FileTrees.deleteRecursively(target);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return new Installed(SandboxLayout.read(target).orElseThrow(), true);
    } catch (IOException | RuntimeException e) {
      FileTrees.deleteRecursively(staging);
      throw e;
    }
  }
}
