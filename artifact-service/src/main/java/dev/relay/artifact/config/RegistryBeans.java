package dev.relay.artifact.config;

import dev.relay.artifact.trust.TrustStore;
import dev.relay.artifact.store.ArtifactStore;
import dev.relay.artifact.store.FolderImporter;
import dev.relay.artifact.verify.ArtifactVerifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Builds the registry's plain objects from {@link ArtifactConfig}; the store is opened (and cleaned) once here. */
public class RegistryBeans {

  private static final Logger LOG = Logger.getLogger(RegistryBeans.class);

  @Produces
  @Singleton
  TrustStore trustStore(ArtifactConfig config) {
    TrustStore trust = new TrustStore(config.trustStore().toAbsolutePath());
    if (!Files.isDirectory(trust.dir())) {
      LOG.warnf("trust store %s does not exist: every artifact will be refused", trust.dir());
    } else {
      LOG.infof("trust store %s: %d key(s), read again on every verification", trust.dir(), trust.keys().size());
    }
    return trust;
  }

  @Produces
  @Singleton
  ArtifactVerifier verifier(TrustStore trust) {
    return new ArtifactVerifier(trust, Clock.systemUTC());
  }

  @Produces
  @Singleton
  ArtifactStore store(ArtifactConfig config, ArtifactVerifier verifier) {
    return new ArtifactStore(config.root(), verifier, Clock.systemUTC()).open()
        .allowRegistryHosts(config.allowedRegistryHosts().orElse(java.util.Set.of()));
  }

  @Produces
  @Singleton
  FolderImporter folderImporter(ArtifactStore store) {
    return new FolderImporter(store);
  }
}
