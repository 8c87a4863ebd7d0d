package dev.relay.sandbox.release;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A sandbox-node release as a .tar.gz ({@code VERSION}, {@code bin/sandbox-node}, {@code lib/sandbox-node.jar}).
 * Decides what an archive may contain when unpacked: only plain files and folders inside the staging folder, within
 * limits on entry count, per-file size and total bytes; absolute paths, {@code ..} escapes, links, devices and FIFOs
 * are refused by name and the staging folder is removed. The exec bit is kept; setuid/setgid are dropped.
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
    Path staging = stagingDir.toAbsolutePath().normalize();
    FileTrees.deleteRecursively(staging);
    Files.createDirectories(staging);
    try {
      unpackInto(tarGz, staging);
    } catch (IOException | RuntimeException e) {
      FileTrees.deleteRecursively(staging);
      throw e;
    }
  }

  private void unpackInto(Path tarGz, Path staging) throws IOException {
    long total = 0;
    int entries = 0;
    try (InputStream file = new BufferedInputStream(Files.newInputStream(tarGz));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (++entries > maxEntries) {
          throw new ArchiveRefusedException(name, "more than " + maxEntries + " entries");
        }
        Path target = checkedTarget(staging, entry);
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        if (entry.getSize() > maxFileBytes) {
          throw new ArchiveRefusedException(name, "file of " + entry.getSize() + " bytes exceeds " + maxFileBytes);
        }
        Files.createDirectories(target.getParent());
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
          byte[] buf = new byte[64 * 1024];
          for (int n; (n = tar.read(buf)) > 0; ) {
            written += n;
            total += n;
            if (written > maxFileBytes) {
              throw new ArchiveRefusedException(name, "file exceeds " + maxFileBytes + " bytes");
            }
            if (total > maxTotalBytes) {
              throw new ArchiveRefusedException(name, "archive exceeds " + maxTotalBytes + " bytes in total");
            }
            out.write(buf, 0, n);
          }
        } catch (java.nio.file.FileAlreadyExistsException e) {
          throw new ArchiveRefusedException(name, "duplicate entry");
        }
        // keep the exec bit only; setuid, setgid and sticky are never applied
        boolean exec = (entry.getMode() & 0111) != 0;
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  /** Refuses anything but a plain file or folder whose path stays inside staging. */
  private static Path checkedTarget(Path staging, TarArchiveEntry entry) throws ArchiveRefusedException {
    String name = entry.getName();
    if (entry.isSymbolicLink()) {
      throw new ArchiveRefusedException(name, "symbolic links are not allowed (-> " + entry.getLinkName() + ")");
    }
    if (entry.isLink()) {
      throw new ArchiveRefusedException(name, "hard links are not allowed (-> " + entry.getLinkName() + ")");
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      throw new ArchiveRefusedException(name, "devices are not allowed");
    }
    if (entry.isFIFO()) {
      throw new ArchiveRefusedException(name, "FIFOs are not allowed");
    }
    if (!entry.isDirectory() && !entry.isFile() || entry.isGNUSparse()) {
      throw new ArchiveRefusedException(name, "unsupported entry type '" + (char) entry.getLinkFlag() + "'");
    }
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new ArchiveRefusedException(name, "empty or invalid name");
    }
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      throw new ArchiveRefusedException(name, "absolute paths are not allowed");
    }
    Path target = staging.resolve(name).normalize();
    if (!target.startsWith(staging) || target.equals(staging) && !entry.isDirectory()) {
      throw new ArchiveRefusedException(name, "path escapes the staging folder");
    }
    for (String part : name.split("[/\\\\]")) {
      if (part.equals("..")) {
        throw new ArchiveRefusedException(name, "'..' is not allowed in entry names");
      }
    }
    return target;
  }
}
