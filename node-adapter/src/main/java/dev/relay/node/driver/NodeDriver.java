package dev.relay.node.driver;

import dev.relay.contracts.ClusterProfile;
import dev.relay.contracts.ClusterProfile.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How node-adapter touches the nodes of one kind of cluster. Every method is one blocking step that answers a fact
 * about the node or changes one thing; the order of steps is decided by the command services, never here.
 */
public interface NodeDriver {

  /** The value of {@code ClusterProfile.driver} this driver serves. */
  String kind();

  /** The node's own report; throws if it does not answer. */
  NodeStatus status(ClusterProfile cluster, Node node) throws IOException;

  /** The cluster as the node {@code via} sees it; throws if it does not answer. */
  ClusterView clusterView(ClusterProfile cluster, Node via) throws IOException;

  void drain(ClusterProfile cluster, Node node) throws IOException;

  void undrain(ClusterProfile cluster, Node node) throws IOException;

  boolean isRunning(ClusterProfile cluster, Node node) throws IOException;

  void start(ClusterProfile cluster, Node node) throws IOException;

  /**
   * Kills the node's process at once (SIGKILL, no graceful stop), as a crash would; for the chaos gate. Returns what
   * happened, in words. Drivers that cannot kill refuse.
   */
  default String kill(ClusterProfile cluster, Node node) throws IOException {
    throw new IOException("driver '" + kind() + "' cannot kill nodes (" + node.id() + ")");
  }

  /** Stops gracefully, forcibly only after the grace; returns what happened, in words. */
  String stop(ClusterProfile cluster, Node node, Duration grace) throws IOException;

  Optional<ReleaseInfo> currentRelease(ClusterProfile cluster, Node node) throws IOException;

  /** The node's release of this version already on its disk, if any. */
  Optional<ReleaseInfo> releaseFor(ClusterProfile cluster, Node node, String version) throws IOException;

  /** The node's release with this digest already on its disk, if any. */
  Optional<ReleaseInfo> releaseWithDigest(ClusterProfile cluster, Node node, String digest) throws IOException;

  /** Unpacks a fetched, digest-checked archive as a new release of the node (does not switch to it). */
  ReleaseInfo install(ClusterProfile cluster, Node node, Path archive, String version, String digest)
      throws IOException;

  /** Makes this release the node's current one (takes effect at the next start). */
  void switchTo(ClusterProfile cluster, Node node, ReleaseInfo release) throws IOException;

  /**
   * Makes the node replicate the hot state of the node at sourceUrl (the same source again changes nothing). A
   * driver without replication refuses, naming itself.
   */
  default void replicateFrom(ClusterProfile cluster, Node node, String sourceUrl) throws IOException {
    throw new IOException("driver '" + kind() + "' cannot replicate state (" + node.id() + ")");
  }

  /** Stops the node's replication; safe when none runs. */
  default void stopReplication(ClusterProfile cluster, Node node) throws IOException {
    throw new IOException("driver '" + kind() + "' cannot replicate state (" + node.id() + ")");
  }

  /** Records a real unpack in the node's patch history. */
  void recordPatch(ClusterProfile cluster, Node node, ReleaseInfo release) throws IOException;

  /** Number of entries in the node's patch history. */
  int patchCount(ClusterProfile cluster, Node node) throws IOException;
}
