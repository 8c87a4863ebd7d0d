package dev.relay.artifact.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes small real .tar.gz artifacts for tests. */
public final class TarGz {

  public static Path write(Path target, Map<String, String> files) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(target);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      for (var e : files.entrySet()) {
        byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    return target;
  }

  /** A sandbox-node-like release of a given version. */
  public static Path release(Path target, String version) throws IOException {
    return write(target, Map.of(
        "bin/run.sh", "#!/bin/sh\necho sandbox-node " + version + "\n",
        "VERSION", version + "\n"));
  }

  private TarGz() {}
}
