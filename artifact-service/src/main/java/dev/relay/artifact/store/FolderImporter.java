package dev.relay.artifact.store;

import dev.relay.artifact.verify.ArtifactVerifier;
import dev.relay.artifact.verify.SignatureBundle;
import java.util.Optional;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Imports a drop folder: every {@code X.tar.gz} with its signature files beside it ({@code X.tar.gz.minisig},
 * minisign's default name; or {@code X.tar.gz.statement} + {@code X.tar.gz.statement.sig}, with {@code X.tar.gz.sig}
 * for signify or {@code X.tar.gz.ed25519} for openssl; see {@link SignatureBundle}). Bytes already stored with the
 * same signature files are skipped; other signature files for stored bytes are imported (that re-signs them when
 * they verify). A refused file is logged at WARN with its reason and left where it is. Decides nothing itself: the
 * store verifies.
 */
public final class FolderImporter {

  private static final Logger LOG = Logger.getLogger(FolderImporter.class);

  private final ArtifactStore store;

  public FolderImporter(ArtifactStore store) {
    this.store = store;
  }

  public ImportReport importAll(Path dir) {
    List<ArtifactRecord> imported = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<ImportReport.Refusal> refused = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      refused.add(new ImportReport.Refusal(dir.toString(), "import folder does not exist"));
      LOG.warnf("import folder %s does not exist", dir);
      return new ImportReport(imported, skipped, refused);
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.tar.gz")) {
      s.forEach(files::add);
    } catch (IOException e) {
      refused.add(new ImportReport.Refusal(dir.toString(), "cannot list import folder: " + e.getMessage()));
      return new ImportReport(imported, skipped, refused);
    }
    files.sort(null);
    for (Path file : files) {
      String name = file.getFileName().toString();
      try {
        if (!Files.isRegularFile(file)) {
          continue;
        }
        SignatureBundle bundle = SignatureFiles.beside(file);
        if (bundle.isEmpty()) {
          refuse(refused, name, "no signature beside it (expected " + name + ".minisig, or " + name + ".statement and "
              + name + ".statement.sig)");
          continue;
        }
        Optional<ArtifactRecord> stored = store.findByHex(ArtifactVerifier.sha256Hex(file));
        if (stored.isPresent() && bundle.equals(store.storedBundle(stored.get()))) {
          skipped.add(name);
          continue;
        }
        ImportResult r = store.importFile(file, bundle, null, null);
        if (r instanceof ImportResult.Imported i) {
          imported.add(i.record());
        } else if (r instanceof ImportResult.Resigned i) {
          imported.add(i.record());
        } else if (r instanceof ImportResult.AlreadyPresent) {
          skipped.add(name);
        } else if (r instanceof ImportResult.Refused f) {
          refuse(refused, name, f.reason());
        }
      } catch (IOException e) {
        refuse(refused, name, "cannot read: " + e.getMessage());
      }
    }
    LOG.infof("import folder %s: %d imported, %d already stored, %d refused", dir, imported.size(), skipped.size(),
        refused.size());
    return new ImportReport(imported, skipped, refused);
  }

  private static void refuse(List<ImportReport.Refusal> refused, String file, String reason) {
    LOG.warnf("import folder: refused %s: %s", file, reason);
    refused.add(new ImportReport.Refusal(file, reason));
  }
}
