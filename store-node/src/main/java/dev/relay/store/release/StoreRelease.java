package dev.relay.store.release;

import dev.relay.sandbox.release.ReleaseArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A store-node release: the sandbox release layout ({@code VERSION}, {@code bin/sandbox-node},
 * {@code lib/sandbox-node.jar}, which node-adapter's sandbox driver installs and starts unchanged) holding the store
 * node's runnable jar (this module with Hazelcast, shaded) and a start script tuned for small members. Decides the
 * JVM settings of a member: 128 MB heap and the serial collector unless {@code STORE_NODE_JAVA_OPTS} says otherwise,
 * plus the module openings Hazelcast asks for on Java 17.
 */
public final class StoreRelease {

  /** The artifact name releases are signed and requested under. */
  public static final String ARTIFACT = "store-node";

  public static final String BIN_SCRIPT = "#!/bin/sh\n"
      + "exec java ${STORE_NODE_JAVA_OPTS:--Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1} "
      + "--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED "
      + "--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED "
      + "--add-opens java.management/sun.management=ALL-UNNAMED "
      + "--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED "
      + "-jar \"$(dirname \"$0\")/../lib/sandbox-node.jar\" \"$@\"\n";

  private StoreRelease() {}

  /** Writes the release archive of this store-node jar (the shaded {@code -node.jar}) and version. */
  public static void pack(Path nodeJar, String version, Path outTarGz) throws IOException {
    ReleaseArchive.pack(nodeJar, version, outTarGz, BIN_SCRIPT);
  }

  /** The shaded node jar in a built {@code store-node/target} folder. */
  public static Path nodeJar(Path storeNodeTarget) throws IOException {
    if (!Files.isDirectory(storeNodeTarget)) {
      throw new IOException("no " + storeNodeTarget + ": build store-node first (mvn -pl store-node install)");
    }
    try (Stream<Path> s = Files.list(storeNodeTarget)) {
      return s.filter(f -> f.getFileName().toString().matches("store-node-[0-9.]+(-SNAPSHOT)?-node\\.jar"))
          .findFirst().orElseThrow(() -> new IOException("no store-node-*-node.jar in " + storeNodeTarget
              + ": build store-node first (mvn -pl store-node install)"));
    }
  }
}
