package dev.relay.store.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;

/**
 * Whether the store is safe, as Hazelcast itself sees it: {@code PartitionService.isClusterSafe()} (every partition's
 * replicas in sync across the cluster, no migration running) and {@code isLocalMemberSafe()}. Decides that a sample
 * older than {@link #MAX_AGE_MS} or a check that threw counts as not safe. A migration queue of zero is never taken as
 * safe: it stays zero while backups are still missing. Samples on its own thread (the check asks every member), so
 * HTTP answers never wait on it.
 */
public final class SafetySampler implements AutoCloseable {

  static final long INTERVAL_MS = 200;
  static final long MAX_AGE_MS = 3_000;

  private final HazelcastInstance hz;
  private final Thread thread;
  private volatile boolean safe;
  private volatile long sampledAtNanos = System.nanoTime() - MAX_AGE_MS * 2_000_000L;
  private volatile boolean running = true;

  public SafetySampler(HazelcastInstance hz) {
    this.hz = hz;
    this.thread = new Thread(this::loop, "safety-sampler");
    this.thread.setDaemon(true);
  }

  public SafetySampler start() {
    thread.start();
    return this;
  }

  private void loop() {
    while (running) {
      boolean now;
      try {
        PartitionService ps = hz.getPartitionService();
        now = hz.getLifecycleService().isRunning() && ps.isClusterSafe() && ps.isLocalMemberSafe();
      } catch (RuntimeException e) {
        now = false;
      }
      safe = now;
      sampledAtNanos = System.nanoTime();
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The latest sample, or false when it is stale or the member is no longer running. */
  public boolean safe() {
    return safe && (System.nanoTime() - sampledAtNanos) / 1_000_000 <= MAX_AGE_MS && hz.getLifecycleService().isRunning();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
