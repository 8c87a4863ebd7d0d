package dev.relay.sandbox.node;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's live state. Decides the lifecycle from the time since start (joining, then rebalancing, then healthy),
 * holds the self-reported health override and warning, the drain flag, the in-flight request count and an injected
 * fault rate (the share of /work requests that answer 500, spread evenly: every request at 100).
 */
public final class NodeState {

  private final long startedAtNanos = System.nanoTime();
  private final long joinDelayMs;
  private final long rebalanceMs;
  private final AtomicInteger inflight = new AtomicInteger();
  private volatile boolean draining;
  private volatile int health = 100;
  private volatile String warning;
  private volatile int failPercent;
  private final AtomicInteger faultCounter = new AtomicInteger();

  public NodeState(long joinDelayMs, long rebalanceMs) {
    this.joinDelayMs = joinDelayMs;
    this.rebalanceMs = rebalanceMs;
  }

  /** "joining", "rebalancing" or "healthy". */
  public String lifecycle() {
    long elapsedMs = (System.nanoTime() - startedAtNanos) / 1_000_000;
    if (elapsedMs < joinDelayMs) {
      return "joining";
    }
    if (elapsedMs < joinDelayMs + rebalanceMs) {
      return "rebalancing";
    }
    return "healthy";
  }

  /** Sets the self-reported health; 100 clears the warning. */
  public synchronized void setHealth(int percent, String warning) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0..100, was " + percent);
    }
    this.health = percent;
    this.warning = percent == 100 ? null : (warning == null || warning.isBlank() ? null : warning);
  }

  public int health() {
    return health;
  }

  public List<String> warnings() {
    String w = warning;
    return w == null ? List.of() : List.of(w);
  }

  public void setDraining(boolean draining) {
    this.draining = draining;
  }

  public boolean draining() {
    return draining;
  }

  /** Admits a new request unless draining; the caller must call {@link #finish()} after an admitted one. */
  public boolean admit() {
    inflight.incrementAndGet();
    if (draining) {
      inflight.decrementAndGet();
      return false;
    }
    return true;
  }

  public void finish() {
    inflight.decrementAndGet();
  }

  public void setFailPercent(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0..100, was " + percent);
    }
    this.failPercent = percent;
  }

  public int failPercent() {
    return failPercent;
  }

  /** Whether this request gets the injected fault. */
  public boolean injectFault() {
    int p = failPercent;
    return p > 0 && Math.floorMod(faultCounter.getAndIncrement(), 100) < p;
  }

  public int inflight() {
    return inflight.get();
  }
}
