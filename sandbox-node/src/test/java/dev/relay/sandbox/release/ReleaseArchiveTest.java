package dev.relay.sandbox.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseArchiveTest {

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

  static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(b.length);
    e.setMode(0100000 | mode);
    tar.putArchiveEntry(e);
    tar.write(b);
    tar.closeArchiveEntry();
  }

  @Test
  void packedReleaseUnpacksWithItsExecBit() throws Exception {
    Path jar = tmp.resolve("fake.jar");
    Files.writeString(jar, "not really a jar");
    Path archive = tmp.resolve("r.tar.gz");
    ReleaseArchive.pack(jar, "2.0.0", archive);
    Path staging = tmp.resolve("staging");
    new ReleaseArchive().unpack(archive, staging);
    assertThat(staging.resolve("VERSION")).hasContent("2.0.0");
    assertThat(Files.isExecutable(staging.resolve("bin/sandbox-node"))).isTrue();
    assertThat(Files.readString(staging.resolve("bin/sandbox-node"))).startsWith("#!/bin/sh\nexec java ");
    assertThat(staging.resolve("lib/sandbox-node.jar")).hasContent("not really a jar");
    assertThat(Files.isExecutable(staging.resolve("VERSION"))).isFalse();
  }

  @Test
  void setuidAndSetgidAreDropped() throws Exception {
    Path archive = tarGz("suid.tar.gz", tar -> file(tar, "bin/tool", "x", 06755));
    Path staging = tmp.resolve("staging");
    new ReleaseArchive().unpack(archive, staging);
    int mode = (Integer) Files.getAttribute(staging.resolve("bin/tool"), "unix:mode");
    assertThat(mode & 06000).isZero();
    assertThat(Files.getPosixFilePermissions(staging.resolve("bin/tool"))).contains(PosixFilePermission.OWNER_EXECUTE);
  }

  @Test
  void refusesAnEntryEscapingWithDotDotAndRemovesTheStagingFolder() throws Exception {
    Path archive = tarGz("evil.tar.gz", tar -> {
      file(tar, "VERSION", "1", 0644);
      file(tar, "../evil", "gotcha", 0644);
    });
    Path staging = tmp.resolve("releases/x.staging");
    assertThatThrownBy(() -> new ReleaseArchive().unpack(archive, staging))
        .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("'../evil'");
    assertThat(staging).doesNotExist();
    assertThat(tmp.resolve("releases/evil")).doesNotExist();
  }

  @Test
  void refusesASymlinkAndRemovesTheStagingFolder() throws Exception {
    Path archive = tarGz("link.tar.gz", tar -> {
      file(tar, "VERSION", "1", 0644);
      TarArchiveEntry link = new TarArchiveEntry("lib/passwd", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("/etc/passwd");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    });
    Path staging = tmp.resolve("staging");
    assertThatThrownBy(() -> new ReleaseArchive().unpack(archive, staging))
        .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("'lib/passwd'")
        .hasMessageContaining("symbolic link");
    assertThat(staging).doesNotExist();
  }

  @Test
  void refusesHardLinksAbsolutePathsAndFifos() throws Exception {
    Path hard = tarGz("hard.tar.gz", tar -> {
      TarArchiveEntry e = new TarArchiveEntry("h", TarArchiveEntry.LF_LINK);
      e.setLinkName("VERSION");
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    });
    Path abs = tarGz("abs.tar.gz", tar -> file(tar, "/tmp/abs", "x", 0644));
    Path fifo = tarGz("fifo.tar.gz", tar -> {
      tar.putArchiveEntry(new TarArchiveEntry("pipe", TarArchiveEntry.LF_FIFO));
      tar.closeArchiveEntry();
    });
    ReleaseArchive a = new ReleaseArchive();
    assertThatThrownBy(() -> a.unpack(hard, tmp.resolve("s1"))).hasMessageContaining("'h'").hasMessageContaining("hard link");
    assertThatThrownBy(() -> a.unpack(abs, tmp.resolve("s2"))).hasMessageContaining("'/tmp/abs'").hasMessageContaining("absolute");
    assertThatThrownBy(() -> a.unpack(fifo, tmp.resolve("s3"))).hasMessageContaining("'pipe'").hasMessageContaining("FIFO");
    assertThat(tmp.resolve("s1")).doesNotExist();
    assertThat(tmp.resolve("s2")).doesNotExist();
    assertThat(tmp.resolve("s3")).doesNotExist();
  }

  @Test
  void enforcesEntryCountFileSizeAndTotalLimits() throws Exception {
    Path many = tarGz("many.tar.gz", tar -> {
      for (int i = 0; i < 5; i++) {
        file(tar, "f" + i, "x", 0644);
      }
    });
    Path big = tarGz("big.tar.gz", tar -> file(tar, "big", "0123456789", 0644));
    Path total = tarGz("total.tar.gz", tar -> {
      file(tar, "a", "123456", 0644);
      file(tar, "b", "123456", 0644);
    });
    assertThatThrownBy(() -> new ReleaseArchive(1000, 4, 1000).unpack(many, tmp.resolve("s1")))
        .hasMessageContaining("'f4'").hasMessageContaining("more than 4 entries");
    assertThatThrownBy(() -> new ReleaseArchive(1000, 10, 5).unpack(big, tmp.resolve("s2")))
        .hasMessageContaining("'big'").hasMessageContaining("exceeds the per-file limit of 5 bytes");
    assertThatThrownBy(() -> new ReleaseArchive(10, 10, 100).unpack(total, tmp.resolve("s3")))
        .hasMessageContaining("'b'").hasMessageContaining("in total");
    assertThat(tmp.resolve("s1")).doesNotExist();
    assertThat(tmp.resolve("s2")).doesNotExist();
    assertThat(tmp.resolve("s3")).doesNotExist();
  }

  @Test
  void installerRefusesBytesThatDoNotMatchTheDigestAndUnpacksNothing() throws Exception {
    Path jar = tmp.resolve("fake.jar");
    Files.writeString(jar, "jar");
    Path archive = tmp.resolve("r.tar.gz");
    ReleaseArchive.pack(jar, "3.0.0", archive);
    Path nodeDir = tmp.resolve("node");
    String wrong = "sha256:" + "ab".repeat(32);
    ReleaseInstaller installer = new ReleaseInstaller(new SandboxLayout(tmp), new ReleaseArchive());
    assertThatThrownBy(() -> installer.install(nodeDir, archive, "3.0.0", wrong))
        .hasMessageContaining("digest mismatch: expected " + wrong + ", received " + Digests.of(archive));
    assertThat(SandboxLayout.releasesDir(nodeDir)).doesNotExist();
    assertThatThrownBy(() -> installer.install(nodeDir, archive, "3.1.0", Digests.of(archive)))
        .hasMessageContaining("carries version 3.0.0, expected 3.1.0");
    assertThat(SandboxLayout.releasesDir(nodeDir)).isEmptyDirectory();

    ReleaseInstaller.Installed first = installer.install(nodeDir, archive, "3.0.0", Digests.of(archive));
    ReleaseInstaller.Installed again = installer.install(nodeDir, archive, "3.0.0", Digests.of(archive));
    assertThat(first.unpacked()).isTrue();
    assertThat(again.unpacked()).isFalse();
    assertThat(again.release()).isEqualTo(first.release());
    assertThat(first.release().digest()).isEqualTo(Digests.of(archive));
  }
}
