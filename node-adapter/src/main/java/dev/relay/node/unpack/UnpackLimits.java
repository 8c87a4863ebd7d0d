package dev.relay.node.unpack;

import dev.relay.sandbox.release.ReleaseArchive;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The limits a release archive is unpacked under on a node, configurable (bytes actually written in total, entry
 * count, bytes per file): {@code relay.unpack.max-total-bytes} (default 512 MiB), {@code relay.unpack.max-entries}
 * (1000), {@code relay.unpack.max-file-bytes} (256 MiB). A refusal names the entry and the limit.
 */
public final class UnpackLimits {

  private UnpackLimits() {}

  /** The unpacker with the configured limits. */
  public static ReleaseArchive archive() {
    Config c = ConfigProvider.getConfig();
    long total = c.getOptionalValue("relay.unpack.max-total-bytes", Long.class)
        .orElse(ReleaseArchive.DEFAULT_MAX_TOTAL_BYTES);
    int entries = c.getOptionalValue("relay.unpack.max-entries", Integer.class)
        .orElse(ReleaseArchive.DEFAULT_MAX_ENTRIES);
    long file = c.getOptionalValue("relay.unpack.max-file-bytes", Long.class)
        .orElse(ReleaseArchive.DEFAULT_MAX_FILE_BYTES);
    if (total <= 0 || entries <= 0 || file <= 0) {
      throw new IllegalArgumentException("relay.unpack.* limits must be positive: max-total-bytes=" + total
          + ", max-entries=" + entries + ", max-file-bytes=" + file);
    }
    return new ReleaseArchive(total, entries, file);
  }
}
