package dev.relay.artifact.config;

import dev.relay.artifact.store.ArtifactStore;
import dev.relay.artifact.store.FolderImporter;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** At startup: opens the store (cleaning interrupted imports) and imports the drop folder when one is configured. */
@Singleton
public class StartupImport {

  void onStart(@Observes StartupEvent event, ArtifactStore store, FolderImporter importer, ArtifactConfig config) {
    config.importDir().ifPresent(importer::importAll);
  }
}
