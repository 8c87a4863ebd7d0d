package dev.relay.node.jobs;

import dev.relay.node.config.RelayConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads node jobs run on: one scheduler thread for poll ticks and deadlines (it never does I/O), and a small
 * pool of workers for blocking steps. No thread ever sleeps waiting for a node.
 */
@ApplicationScoped
public class JobRunner {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(named("node-jobs-timer"));
  private final ExecutorService workers = Executors.newFixedThreadPool(8, named("node-jobs-io"));
  private final Duration pollInterval;

  public JobRunner(RelayConfig config) {
    this.pollInterval = config.node().pollInterval();
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  public ExecutorService workers() {
    return workers;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  @PreDestroy
  void shutdown() {
    scheduler.shutdownNow();
    workers.shutdownNow();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
