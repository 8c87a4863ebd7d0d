package dev.relay.sandbox.release;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A sandbox-node release as a .tar.gz ({@code VERSION}, {@code bin/sandbox-node}, {@code lib/sandbox-node.jar}).
 * Decides what an archive may contain when unpacked: files, folders, relative symbolic links and hard links that stay
 * inside the staging folder, within limits on entry count, per-file size and bytes actually written (not header
 * sizes). Refused, by entry name, and the staging folder removed: an absolute path, any {@code ..} in a name, a path
 * or link that is not inside staging (compared by path components: {@code /s/x-evil} is not in {@code /s/x}), a link
 * that resolves outside once all are made, an entry written below or over an earlier symbolic link, a duplicate, a
 * device, a FIFO. The exec bit is kept; setuid, setgid and sticky are dropped.
 */
public final class ReleaseArchive {

  public static final long DEFAULT_MAX_TOTAL_BYTES = 512L * 1024 * 1024;
  public static final int DEFAULT_MAX_ENTRIES = 1_000;
  public static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;

  /** The bin script of every release. */
  public static final String BIN_SCRIPT = "#!/bin/sh\n"
      + "exec java ${SANDBOX_NODE_JAVA_OPTS:--Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1} "
      + "-jar \"$(dirname \"$0\")/../lib/sandbox-node.jar\" \"$@\"\n";

  private static final Date FIXED_TIME = new Date(1_700_000_000_000L);

  private final long maxTotalBytes;
  private final int maxEntries;
  private final long maxFileBytes;

  public ReleaseArchive() {
    this(DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_FILE_BYTES);
  }

  public ReleaseArchive(long maxTotalBytes, int maxEntries, long maxFileBytes) {
    this.maxTotalBytes = maxTotalBytes;
    this.maxEntries = maxEntries;
    this.maxFileBytes = maxFileBytes;
  }

  /** Writes a release archive of this jar and version (fixed timestamps, so the same inputs give the same bytes). */
  public static void pack(Path jar, String version, Path outTarGz) throws IOException {
    pack(jar, version, outTarGz, BIN_SCRIPT);
  }

  /** The same layout with another program's jar and start script (as {@code bin/sandbox-node}, which nodes run). */
  public static void pack(Path jar, String version, Path outTarGz, String binScript) throws IOException {
    Files.createDirectories(outTarGz.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(outTarGz);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      putFile(tar, "VERSION", (version + "\n").getBytes(StandardCharsets.UTF_8), 0644);
      putDir(tar, "bin/");
      putFile(tar, "bin/sandbox-node", binScript.getBytes(StandardCharsets.UTF_8), 0755);
      putDir(tar, "lib/");
      putFile(tar, "lib/sandbox-node.jar", Files.readAllBytes(jar), 0644);
      tar.finish();
    }
  }

  private static void putDir(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE);
    e.setModTime(FIXED_TIME);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private static void putFile(TarArchiveOutputStream tar, String name, byte[] bytes, int mode) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    e.setMode(0100000 | mode);
    e.setModTime(FIXED_TIME);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  /**
   * Unpacks into stagingDir (created fresh; a leftover one is removed first).
   *
   * @throws ArchiveRefusedException naming the entry, after removing the staging folder
   */
  public void unpack(Path tarGz, Path stagingDir) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tarGz))) {
      unpack(in, stagingDir);
    }
  }

  /**
   * Unpacks a .tar.gz read from a stream into stagingDir (created fresh). Reads the stream up to the end of the tar
   * archive, never further (the caller may drain the rest, e.g. into a digest).
   *
   * @throws ArchiveRefusedException naming the entry, after removing the staging folder
   */
  public void unpack(InputStream tarGz, Path stagingDir) throws IOException {
    Path staging = stagingDir.toAbsolutePath().normalize();
    FileTrees.deleteRecursively(staging);
    Files.createDirectories(staging);
    try {
      unpackInto(tarGz, staging.toRealPath());
    } catch (IOException | RuntimeException e) {
      FileTrees.deleteRecursively(staging);
      throw e;
    }
  }

  private void unpackInto(InputStream in, Path staging) throws IOException {
    long total = 0;
    int entries = 0;
    List<Path> links = new ArrayList<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new NoClose(in)));
    TarArchiveEntry entry;
    byte[] buf = new byte[64 * 1024];
    while ((entry = tar.getNextEntry()) != null) {
      String name = entry.getName();
      if (++entries > maxEntries) {
        throw new ArchiveRefusedException(name, "more than " + maxEntries + " entries (limit; " + (entries - 1)
            + " unpacked)");
      }
      checkType(entry);
      Path target = checkedTarget(staging, name, entry.isDirectory());
      refuseWritingThroughLinks(staging, target, name);
      if (entry.isDirectory()) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new ArchiveRefusedException(name, "a directory entry over an earlier entry of the same name");
        }
        Files.createDirectories(target);
        continue;
      }
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new ArchiveRefusedException(name, Files.isSymbolicLink(target)
            ? "would be written through the earlier symbolic link of the same name"
            : "duplicate entry (an earlier entry has the same name)");
      }
      Files.createDirectories(target.getParent());
      if (entry.isSymbolicLink()) {
        createSymlink(staging, target, entry);
        links.add(target);
        continue;
      }
      if (entry.isLink()) {
        createHardLink(staging, target, entry);
        continue;
      }
      if (entry.getSize() > maxFileBytes) {
        throw new ArchiveRefusedException(name, "file of " + entry.getSize() + " bytes exceeds the per-file limit of "
            + maxFileBytes + " bytes");
      }
      long written = 0;
      try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        for (int n; (n = tar.read(buf)) > 0; ) {
          if (written + n > maxFileBytes) {
            throw new ArchiveRefusedException(name, "file exceeds the per-file limit of " + maxFileBytes + " bytes");
          }
          if (total + n > maxTotalBytes) {
            throw new ArchiveRefusedException(name, "archive exceeds the limit of " + maxTotalBytes
                + " bytes written in total (stopped after " + total + " bytes)");
          }
          out.write(buf, 0, n);
          written += n;
          total += n;
        }
      }
      // keep the exec bit only; setuid, setgid and sticky are never applied
      boolean exec = (entry.getMode() & 0111) != 0;
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
    }
    // every link as it now resolves on disk (links made later may change how earlier ones resolve)
    for (Path link : links) {
      Path resolved;
      try {
        resolved = link.toRealPath();
      } catch (IOException e) {
        throw new ArchiveRefusedException(staging.relativize(link).toString(),
            "symbolic link does not resolve to a file or folder of the archive (" + Files.readSymbolicLink(link) + ")");
      }
      if (!inside(staging, resolved)) {
        throw new ArchiveRefusedException(staging.relativize(link).toString(), "symbolic link resolves outside the"
            + " staging folder (-> " + resolved + ")");
      }
    }
  }

  /** Whether path is staging itself or below it, compared by path components (so {@code x-evil} is not in {@code x}). */
  static boolean inside(Path staging, Path path) {
    return path.normalize().startsWith(staging);
  }

  private static void checkType(TarArchiveEntry entry) throws ArchiveRefusedException {
    String name = entry.getName();
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      throw new ArchiveRefusedException(name, "devices are not allowed");
    }
    if (entry.isFIFO()) {
      throw new ArchiveRefusedException(name, "FIFOs are not allowed");
    }
    if (entry.isGNUSparse() || !(entry.isDirectory() || entry.isFile() || entry.isSymbolicLink() || entry.isLink())) {
      throw new ArchiveRefusedException(name, "unsupported entry type '" + (char) entry.getLinkFlag() + "'");
    }
  }

  /** The entry's path in staging; refuses absolute names, any {@code ..} and anything not below staging. */
  private static Path checkedTarget(Path staging, String name, boolean directory) throws ArchiveRefusedException {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new ArchiveRefusedException(name, "empty or invalid name");
    }
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      throw new ArchiveRefusedException(name, "absolute paths are not allowed");
    }
    for (String part : name.split("[/\\\\]")) {
      if (part.equals("..")) {
        throw new ArchiveRefusedException(name, "'..' is not allowed in entry names (it could leave the staging"
            + " folder)");
      }
    }
    Path target = staging.resolve(name).normalize();
    if (!inside(staging, target) || target.equals(staging) && !directory) {
      throw new ArchiveRefusedException(name, "path is not inside the staging folder");
    }
    return target;
  }

  /** Refuses an entry below an earlier symbolic link: it would be written wherever that link points. */
  private static void refuseWritingThroughLinks(Path staging, Path target, String name)
      throws ArchiveRefusedException {
    Path p = staging;
    for (Path part : staging.relativize(target.getParent() == null ? target : target.getParent())) {
      if (part.toString().isEmpty()) {
        break;
      }
      p = p.resolve(part);
      if (Files.isSymbolicLink(p)) {
        throw new ArchiveRefusedException(name, "would be written through the earlier symbolic link '"
            + staging.relativize(p) + "'");
      }
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new ArchiveRefusedException(name, "'" + staging.relativize(p) + "' is a file, not a folder");
      }
    }
  }

  /** A relative symbolic link whose target stays inside staging; checked again on disk once all are made. */
  private static void createSymlink(Path staging, Path target, TarArchiveEntry entry) throws IOException {
    String name = entry.getName();
    String link = entry.getLinkName();
    if (link == null || link.isEmpty() || link.indexOf('\0') >= 0) {
      throw new ArchiveRefusedException(name, "symbolic link with an empty target");
    }
    if (link.startsWith("/")) {
      throw new ArchiveRefusedException(name, "symbolic link points outside the staging folder (absolute -> "
          + link + ")");
    }
    Path resolved = target.getParent().resolve(link).normalize();
    if (!inside(staging, resolved)) {
      throw new ArchiveRefusedException(name, "symbolic link points outside the staging folder (-> " + link
          + ", which is " + resolved + ")");
    }
    Files.createSymbolicLink(target, Path.of(link));
  }

  /** A hard link to a regular file unpacked earlier from this archive (tar names it by its entry path). */
  private static void createHardLink(Path staging, Path target, TarArchiveEntry entry) throws IOException {
    String name = entry.getName();
    String link = entry.getLinkName();
    if (link == null || link.isEmpty() || link.startsWith("/") || link.indexOf('\0') >= 0) {
      throw new ArchiveRefusedException(name, "hard link points outside the staging folder (-> " + link + ")");
    }
    Path source = staging.resolve(link).normalize();
    if (!inside(staging, source)) {
      throw new ArchiveRefusedException(name, "hard link points outside the staging folder (-> " + link + ")");
    }
    refuseWritingThroughLinks(staging, source, name);
    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new ArchiveRefusedException(name, "hard link to '" + link + "', which is not a file unpacked earlier");
    }
    Files.createLink(target, source);
  }

  /** Keeps the caller's stream open when the tar and gzip streams are done with it. */
  private static final class NoClose extends java.io.FilterInputStream {
    NoClose(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
