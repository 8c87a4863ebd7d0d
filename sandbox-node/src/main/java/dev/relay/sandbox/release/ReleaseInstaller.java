package dev.relay.sandbox.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Puts a release archive on a node's disk: checks the archive's bytes against the digest, unpacks into
 * {@code releases/<version>-<hex12>.staging}, checks it is a sandbox-node release of the expected version, writes
 * DIGEST and renames the folder to its final name. Decides that an already unpacked release is reused, never unpacked
 * twice. Touches neither `current` nor the process.
 */
public final class ReleaseInstaller {

  /** The release on disk and whether this call unpacked it. */
  public record Installed(Release release, boolean unpacked) {}

  private final SandboxLayout layout;
  private final ReleaseArchive archive;

  public ReleaseInstaller(SandboxLayout layout, ReleaseArchive archive) {
    this.layout = layout;
    this.archive = archive;
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
    Path releases = SandboxLayout.releasesDir(nodeDir);
    Files.createDirectories(releases);
    String stagingVersion = expectedVersion == null ? "new" : expectedVersion;
    Path staging = releases.resolve(SandboxLayout.releaseName(stagingVersion, canonical) + ".staging");
    archive.unpack(tarGz, staging);
    try {
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
