package dev.relay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples a store cluster while something happens to it: every interval it asks each node for its view of the cluster
 * and records the largest number of members out (not in the Hazelcast member list, or drained) that any answering
 * node reported. Decides what "at no moment were two members out" is checked against.
 */
public final class OutSampler implements AutoCloseable {

  private final StoreClient client = new StoreClient();
  private final List<String> nodeUrls;
  private final long intervalMs;
  private final AtomicInteger maxOut = new AtomicInteger();
  private final AtomicInteger samples = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;

  public OutSampler(List<String> nodeUrls, long intervalMs) {
    this.nodeUrls = List.copyOf(nodeUrls);
    this.intervalMs = intervalMs;
    this.thread = new Thread(this::loop, "store-out-sampler");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running) {
      boolean any = false;
      for (String url : nodeUrls) {
        try {
          JsonNode view = client.cluster(url);
          any = true;
          maxOut.accumulateAndGet(StoreClient.out(view), Math::max);
        } catch (IOException e) {
          // a node that does not answer gives no view; the others still do
        } catch (InterruptedException e) {
          return;
        }
      }
      if (any) {
        samples.incrementAndGet();
      }
      try {
        Thread.sleep(intervalMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The most members out in any one node's view over all samples. */
  public int maxOut() {
    return maxOut.get();
  }

  /** Samples in which at least one node answered. */
  public int samples() {
    return samples.get();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
