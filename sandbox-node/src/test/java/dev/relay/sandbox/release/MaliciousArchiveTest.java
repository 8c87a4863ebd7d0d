package dev.relay.sandbox.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each malicious archive of issue 3 against the real unpacker: refused by entry name, nothing left in staging, nothing
 * written outside it; the limits stop a 10 GiB bomb and two million empty files at the limit.
 */
class MaliciousArchiveTest {

  @TempDir
  Path tmp;

  interface Entries {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  Path tarGz(String name, Entries entries) throws IOException {
    Path out = tmp.resolve(name);
    try (OutputStream f = Files.newOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(f))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      entries.write(tar);
      tar.finish();
    }
    return out;
  }

  static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(b.length);
    e.setMode(0100644);
    tar.putArchiveEntry(e);
    tar.write(b);
    tar.closeArchiveEntry();
  }

  static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  static void hardlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  /** Unpacks into tmp/stage/x; asserts a refusal naming the entry, staging removed, tmp/stage holding nothing new. */
  void refused(Path archive, String entry, String reason) throws IOException {
    Path stage = tmp.resolve("stage");
    Files.createDirectories(stage.resolve("x-evil"));
    Path staging = stage.resolve("x");
    assertThatThrownBy(() -> new ReleaseArchive().unpack(archive, staging))
        .isInstanceOf(ArchiveRefusedException.class)
        .hasMessageContaining("'" + entry + "'")
        .hasMessageContaining(reason);
    assertThat(staging).doesNotExist();
    try (var s = Files.walk(stage)) {
      assertThat(s.map(p -> stage.relativize(p).toString()).toList()).containsExactlyInAnyOrder("", "x-evil");
    }
  }

  @Test
  void containmentComparesPathComponentsNotPrefixes() {
    assertThat(ReleaseArchive.inside(Path.of("/opt/stage/x"), Path.of("/opt/stage/x-evil"))).isFalse();
    assertThat(ReleaseArchive.inside(Path.of("/opt/stage/x"), Path.of("/opt/stage/x-evil/bin"))).isFalse();
    assertThat(ReleaseArchive.inside(Path.of("/opt/stage/x"), Path.of("/opt/stage/x/../x-evil"))).isFalse();
    assertThat(ReleaseArchive.inside(Path.of("/opt/stage/x"), Path.of("/opt/stage/x/bin"))).isTrue();
  }

  @Test
  void absolutePath() throws Exception {
    refused(tarGz("a.tar.gz", t -> file(t, "/tmp/evil", "x")), "/tmp/evil", "absolute paths are not allowed");
  }

  @Test
  void dotDotLeavingTheFolder() throws Exception {
    refused(tarGz("a.tar.gz", t -> {
      file(t, "VERSION", "1");
      file(t, "bin/../../x-evil/pwned", "x");
    }), "bin/../../x-evil/pwned", "'..' is not allowed");
  }

  @Test
  void symlinkToALookAlikeSibling() throws Exception {
    // staging is .../stage/x; ../x-evil is .../stage/x-evil, whose name starts with the staging folder's
    refused(tarGz("a.tar.gz", t -> symlink(t, "data", "../x-evil")), "data",
        "symbolic link points outside the staging folder");
  }

  @Test
  void symlinksOutside() throws Exception {
    refused(tarGz("a.tar.gz", t -> symlink(t, "lib/passwd", "/etc/passwd")), "lib/passwd",
        "symbolic link points outside the staging folder (absolute");
    refused(tarGz("b.tar.gz", t -> symlink(t, "lib/up", "../../../etc")), "lib/up",
        "symbolic link points outside the staging folder");
  }

  @Test
  void symlinkThatResolvesOutsideOnlyThroughALaterLink() throws Exception {
    // a -> sub/b/.. is inside on paper (sub), but once sub/b -> .. exists, sub/b is staging and a is its parent
    refused(tarGz("a.tar.gz", t -> {
      symlink(t, "a", "sub/b/..");
      t.putArchiveEntry(new TarArchiveEntry("sub/"));
      t.closeArchiveEntry();
      symlink(t, "sub/b", "..");
    }), "a", "symbolic link resolves outside the staging folder");
  }

  @Test
  void hardLinksOutside() throws Exception {
    refused(tarGz("a.tar.gz", t -> hardlink(t, "shadow", "/etc/shadow")), "shadow",
        "hard link points outside the staging folder");
    refused(tarGz("b.tar.gz", t -> hardlink(t, "shadow", "../x-evil/secret")), "shadow",
        "hard link points outside the staging folder");
  }

  @Test
  void fileWrittenThroughAnEarlierSymlinkOfTheSameName() throws Exception {
    refused(tarGz("a.tar.gz", t -> {
      file(t, "VERSION", "1.0.0");
      symlink(t, "conf", "VERSION");
      file(t, "conf", "overwritten through the link");
    }), "conf", "would be written through the earlier symbolic link of the same name");
    refused(tarGz("b.tar.gz", t -> {
      t.putArchiveEntry(new TarArchiveEntry("real/"));
      t.closeArchiveEntry();
      symlink(t, "lib", "real");
      file(t, "lib/app.jar", "x");
    }), "lib/app.jar", "would be written through the earlier symbolic link 'lib'");
  }

  @Test
  void devicesAndFifos() throws Exception {
    refused(tarGz("a.tar.gz", t -> {
      TarArchiveEntry e = new TarArchiveEntry("dev/sda", TarArchiveEntry.LF_BLK);
      e.setDevMajor(8);
      t.putArchiveEntry(e);
      t.closeArchiveEntry();
    }), "dev/sda", "devices are not allowed");
    refused(tarGz("b.tar.gz", t -> {
      TarArchiveEntry e = new TarArchiveEntry("dev/null", TarArchiveEntry.LF_CHR);
      e.setDevMajor(1);
      e.setDevMinor(3);
      t.putArchiveEntry(e);
      t.closeArchiveEntry();
    }), "dev/null", "devices are not allowed");
    refused(tarGz("c.tar.gz", t -> {
      t.putArchiveEntry(new TarArchiveEntry("pipe", TarArchiveEntry.LF_FIFO));
      t.closeArchiveEntry();
    }), "pipe", "FIFOs are not allowed");
  }

  @Test
  void linksThatStayInsideAreKept() throws Exception {
    Path archive = tarGz("ok.tar.gz", t -> {
      file(t, "lib/app-1.0.jar", "jar");
      symlink(t, "lib/app.jar", "app-1.0.jar");
      symlink(t, "bin/lib", "../lib");
      hardlink(t, "lib/copy.jar", "lib/app-1.0.jar");
    });
    Path staging = tmp.resolve("ok");
    new ReleaseArchive().unpack(archive, staging);
    assertThat(Files.readSymbolicLink(staging.resolve("lib/app.jar"))).isEqualTo(Path.of("app-1.0.jar"));
    assertThat(Files.readString(staging.resolve("bin/lib/app.jar"))).isEqualTo("jar");
    assertThat(Files.readString(staging.resolve("lib/copy.jar"))).isEqualTo("jar");
    assertThat(Files.isSymbolicLink(staging.resolve("lib/copy.jar"))).isFalse();
  }

  @Test
  void gzipBombOf10GiBStopsAtTheByteLimit() throws Exception {
    long tenGiB = 10L << 30;
    Path bomb = bomb(tmp.resolve("bomb.tar.gz"), tenGiB);
    assertThat(Files.size(bomb)).isLessThan(16L << 20);
    Path staging = tmp.resolve("bomb-staging");
    long limit = 64L << 20;
    assertThatThrownBy(() -> new ReleaseArchive(limit, 1000, Long.MAX_VALUE).unpack(bomb, staging))
        .isInstanceOf(ArchiveRefusedException.class)
        .hasMessageContaining("'bomb'")
        .hasMessageContaining("exceeds the limit of " + limit + " bytes written in total (stopped after " + limit
            + " bytes)");
    assertThat(staging).doesNotExist();
    // per-file limit: refused from the header, before a byte is written
    assertThatThrownBy(() -> new ReleaseArchive(Long.MAX_VALUE, 1000, 1L << 30).unpack(bomb, staging))
        .hasMessageContaining("file of " + tenGiB + " bytes exceeds the per-file limit of " + (1L << 30));
    assertThat(staging).doesNotExist();
  }

  @Test
  void theBombBuilderMakesAValidArchive() throws Exception {
    Path small = bomb(tmp.resolve("small.tar.gz"), 3L << 20);
    Path staging = tmp.resolve("small");
    new ReleaseArchive().unpack(small, staging);
    byte[] content = Files.readAllBytes(staging.resolve("bomb"));
    assertThat(content).hasSize(3 << 20);
    assertThat(content).containsOnly(0);
    assertThat(Files.readString(tmp.resolve("bomb-check.txt")).strip()).isEqualTo(Long.toString(3L << 20));
  }

  @Test
  void twoMillionEmptyFilesStopAtTheEntryLimit() throws Exception {
    int twoMillion = 2_000_000;
    AtomicInteger produced = new AtomicInteger();
    PipedInputStream in = new PipedInputStream(64 * 1024);
    PipedOutputStream pipe = new PipedOutputStream(in);
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(pipe))) {
        for (int i = 0; i < twoMillion; i++) {
          TarArchiveEntry e = new TarArchiveEntry("d/f" + i);
          e.setSize(0);
          tar.putArchiveEntry(e);
          tar.closeArchiveEntry();
          produced.incrementAndGet();
        }
        tar.finish();
      } catch (IOException e) {
        // the reader stopped and closed the pipe: expected
      }
    });
    Path staging = tmp.resolve("many");
    try {
      assertThatThrownBy(() -> new ReleaseArchive(1L << 30, 1000, 1L << 20).unpack(in, staging))
          .isInstanceOf(ArchiveRefusedException.class)
          .hasMessageContaining("'d/f1000'")
          .hasMessageContaining("more than 1000 entries");
    } finally {
      in.close();
    }
    producer.get(60, TimeUnit.SECONDS);
    assertThat(staging).doesNotExist();
    // the unpacker stopped reading at the limit: the producer was held back long before two million
    assertThat(produced.get()).isLessThan(100_000);
  }

  /**
   * A .tar.gz of one file of {@code size} zero bytes (a multiple of 1 MiB), a few MB compressed: each MiB of zeros is
   * deflated once and repeated (a full flush makes it independent of what precedes it). Also writes, beside it in
   * bomb-check.txt, the size {@code gzip -l} reports when it fits 32 bits, as a check that the gzip is well formed.
   */
  static Path bomb(Path out, long size) throws IOException {
    int mib = 1 << 20;
    TarArchiveEntry e = new TarArchiveEntry("bomb");
    e.setSize(size);
    e.setMode(0100644);
    byte[] header = new byte[512];
    e.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
    byte[] first = Arrays.copyOf(header, mib);
    byte[] zeros = new byte[mib];
    byte[] firstDeflated = deflateFlushed(first);
    byte[] zerosDeflated = deflateFlushed(zeros);
    long chunks = size / mib; // chunk 0 holds the header and the first MiB - 512 zeros; the rest fill in the tail
    CRC32 crc = new CRC32();
    crc.update(first);
    try (OutputStream o = Files.newOutputStream(out)) {
      o.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
      o.write(firstDeflated);
      for (long i = 0; i < chunks; i++) {
        o.write(zerosDeflated);
        crc.update(zeros);
      }
      o.write(new byte[] {3, 0}); // final empty fixed-Huffman block
      long total = (long) mib * (chunks + 1);
      writeLe32(o, crc.getValue());
      writeLe32(o, total & 0xffffffffL);
    }
    if (size < (1L << 31)) {
      String listed = ProcessRunner.gzipListSize(out);
      Files.writeString(out.resolveSibling("bomb-check.txt"), Long.toString(Long.parseLong(listed) - mib));
    }
    return out;
  }

  static byte[] deflateFlushed(byte[] input) {
    Deflater d = new Deflater(9, true);
    d.setInput(input);
    byte[] buf = new byte[64 * 1024];
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int n;
    do {
      n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
      out.write(buf, 0, n);
    } while (n == buf.length || !d.needsInput());
    d.end();
    return out.toByteArray();
  }

  static void writeLe32(OutputStream o, long v) throws IOException {
    for (int i = 0; i < 4; i++) {
      o.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  /** Runs {@code gzip -l}, the real tool, to read back the uncompressed size it records. */
  static final class ProcessRunner {
    static String gzipListSize(Path gz) throws IOException {
      Process p = new ProcessBuilder("gzip", "-l", gz.toString()).redirectErrorStream(true).start();
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException("gzip -l did not finish within 30 s");
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IOException(ex);
      }
      String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
      return lines[lines.length - 1].strip().split("\\s+")[1];
    }
  }

  @Test
  void swappedBetweenCheckAndUnpackIsRefusedOnTheNode() throws Exception {
    // the file is checked against the verified digest, then replaced by other well-formed release bytes before the
    // unpack: the unpack hashes what it reads and refuses
    Path jar = tmp.resolve("fake.jar");
    Files.writeString(jar, "jar");
    Path download = tmp.resolve("download.tar.gz");
    ReleaseArchive.pack(jar, "3.0.0", download);
    Path evil = tmp.resolve("evil.tar.gz");
    ReleaseArchive.pack(jar, "3.0.0", evil, "#!/bin/sh\necho evil\n");
    String verified = Digests.of(download);
    Path nodeDir = tmp.resolve("node");
    ReleaseInstaller installer = new ReleaseInstaller(new SandboxLayout(tmp), new ReleaseArchive(), () -> {
      try {
        Files.copy(evil, download, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    });
    assertThatThrownBy(() -> installer.install(nodeDir, download, "3.0.0", verified))
        .hasMessage("digest mismatch: the bytes unpacked hash to " + Digests.of(evil) + ", the verified digest is "
            + verified + " (the file changed after it was checked); nothing installed");
    try (var s = Files.list(SandboxLayout.releasesDir(nodeDir))) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(Files.exists(SandboxLayout.releasesDir(nodeDir), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
