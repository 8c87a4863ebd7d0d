package dev.relay.artifact.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The registry's settings, under {@code relay.artifacts}. */
@ConfigMapping(prefix = "relay.artifacts")
public interface ArtifactConfig {

  /** Root of the store (blobs/, signatures/, records/, tmp/). */
  @WithDefault("data/artifacts")
  Path root();

  /**
   * Trust store folder: {@code keys.json} (ids, validity, revocation) and plain {@code *.pub} (minisign/signify) and
   * {@code *.pem} (openssl) keys; read on every verification.
   */
  @WithDefault("data/trust")
  Path trustStore();

  /** Optional drop folder imported at startup and on {@code POST /artifacts/import-dir}. */
  Optional<Path> importDir();

  /** This registry's own host names (e.g. registry.local:8082): a reference to them means the local artifact. */
  Optional<java.util.Set<String>> allowedRegistryHosts();
}
