package dev.relay.store.node;

import com.hazelcast.core.HazelcastInstance;
import dev.relay.sandbox.node.NodeConfig;
import dev.relay.sandbox.node.NodeKey;
import dev.relay.sandbox.node.NodeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of a store node: {@code java -jar store-node.jar <node.properties>}, started by the release's
 * {@code bin/sandbox-node} like a sandbox node. Reads its version from its release folder, makes or loads its node key,
 * starts its Hazelcast member (returns once joined), then serves HTTP. On SIGTERM: stops accepting HTTP, lets
 * in-flight requests finish (at most 5 s), then shuts the member down gracefully, which hands its partitions to the
 * other members before it leaves and waits as long as that takes, and exits 0. It never exits with replicas not
 * handed off, short of being killed.
 */
public final class StoreNodeMain {

  private static final int HTTP_GRACE_SECONDS = 5;

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: store-node <node.properties>");
      System.exit(2);
    }
    Path props = Path.of(args[0]);
    NodeConfig config = NodeConfig.load(props);
    StoreConfig store = StoreConfig.load(props);
    String version = readVersion();
    String fingerprint = NodeKey.ensure(config.keysDir());
    log(config, "starting Hazelcast member on 127.0.0.1:" + store.hzPort() + ", members " + store.hzMembers()
        + ", version " + version);
    HazelcastInstance hz = HazelcastMember.start(config, store, version);
    SafetySampler safety = new SafetySampler(hz).start();
    StoreHttpServer server = new StoreHttpServer(config, version, fingerprint, new NodeState(0, 0), hz, safety);
    server.start();
    log(config, "started version " + version + " on port " + config.port() + " pid " + ProcessHandle.current().pid()
        + " key " + fingerprint + "; " + hz.getCluster().getMembers().size() + " members");

    CountDownLatch stop = new CountDownLatch(1);
    int[] exit = {0};
    java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable graceful = () -> {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      log(config, "stopping: HTTP closed, then a graceful member shutdown (partitions handed off first)");
      server.stop(HTTP_GRACE_SECONDS);
      long t0 = System.nanoTime();
      try {
        hz.shutdown();
        log(config, "member left the cluster gracefully after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      } catch (RuntimeException e) {
        log(config, "graceful shutdown failed: " + e);
        exit[0] = 1;
      }
      safety.close();
      stop.countDown();
    };
    sun.misc.SignalHandler handler = sig -> new Thread(graceful, "graceful-stop").start();
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
    stop.await();
    System.exit(exit[0]);
  }

  /** {@code <release>/VERSION}, where this jar is {@code <release>/lib/x.jar}; "unknown" otherwise. */
  static String readVersion() {
    try {
      Path jar = Path.of(StoreNodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.readString(jar.toRealPath().getParent().getParent().resolve("VERSION")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static void log(NodeConfig config, String what) {
    System.out.println(java.time.Instant.now() + " " + config.nodeId() + " " + what);
  }
}
