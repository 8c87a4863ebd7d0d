package dev.relay.sandbox.node;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point: {@code java -jar sandbox-node.jar <node.properties>}. A small node program that stands in for a
 * storage node. It reads its version from the VERSION file of its release folder (parent of the jar's folder), makes
 * or loads its node key, serves HTTP, and on SIGTERM stops accepting, lets in-flight requests finish (at most 5 s)
 * and exits 0.
 */
public final class SandboxNodeMain {

  private static final int GRACE_SECONDS = 5;

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: sandbox-node <node.properties>");
      System.exit(2);
    }
    NodeConfig config = NodeConfig.load(Path.of(args[0]));
    String version = readVersion();
    String fingerprint = NodeKey.ensure(config.keysDir());
    NodeState state = new NodeState(config.joinDelayMs(), config.rebalanceMs());
    NodeHttpServer server = new NodeHttpServer(config, version, fingerprint, state);
    server.start();
    log(config, "started version " + version + " on port " + config.port() + " pid " + ProcessHandle.current().pid()
        + " key " + fingerprint);

    CountDownLatch stop = new CountDownLatch(1);
    Runnable graceful = () -> {
      log(config, "stopping: no new requests, waiting for " + state.inflight() + " in flight (max " + GRACE_SECONDS + " s)");
      server.stop(GRACE_SECONDS);
      log(config, "stopped");
      stop.countDown();
    };
    sun.misc.SignalHandler handler = sig -> new Thread(graceful, "graceful-stop").start();
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
    stop.await();
    System.exit(0);
  }

  /** The version of the release this jar belongs to: {@code <release>/VERSION}, where the jar is {@code <release>/lib/x.jar}. */
  static String readVersion() throws URISyntaxException {
    Path jar = Path.of(SandboxNodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try {
      Path release = jar.toRealPath().getParent().getParent();
      return Files.readString(release.resolve("VERSION")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static void log(NodeConfig config, String what) {
    System.out.println(java.time.Instant.now() + " " + config.nodeId() + " " + what);
  }
}
