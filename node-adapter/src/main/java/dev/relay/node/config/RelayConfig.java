package dev.relay.node.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** node-adapter's settings ({@code relay.*}). The paths and the artifact-service URL are required: no guessing. */
@ConfigMapping(prefix = "relay")
public interface RelayConfig {

  /** The JSON cluster registry ({@code ClusterRegistry.load}). */
  Path clustersFile();

  Sandbox sandbox();

  ArtifactService artifactService();

  Node node();

  Traffic traffic();

  /** The sandbox driver's settings. */
  interface Sandbox {
    /** Root of the sandbox clusters: {@code <root>/<cluster>/<node>/}. */
    Path root();
  }

  /** Where releases are fetched from; the only source node-adapter ever pulls from. */
  interface ArtifactService {
    URI url();
  }

  /** How traffic switches through the load balancer's runtime API (Tier 2). */
  interface Traffic {
    /** Longest wait for a drained group's open sessions before it is put in maintenance anyway (they are cut). */
    @WithDefault("10m")
    Duration drainLimit();

    /** First retry delay after a runtime API error; doubles up to retry-max. Also the poll interval of a switch. */
    @WithDefault("100ms")
    Duration retryMin();

    @WithDefault("2s")
    Duration retryMax();
  }

  /** Timing of node jobs. */
  interface Node {
    /** Interval between two polls of a node or the cluster view. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Longest graceful stop before kill -9. */
    @WithDefault("10s")
    Duration stopGrace();

    /** Largest release archive accepted from artifact-service. */
    @WithDefault("1073741824")
    long maxBlobBytes();
  }
}
