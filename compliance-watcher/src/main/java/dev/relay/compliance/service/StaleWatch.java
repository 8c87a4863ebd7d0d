package dev.relay.compliance.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the stale check every {@code relay.compliance.stale-check-interval}. A check that fails (e.g. the broker does
 * not acknowledge the alert) changes nothing and is logged with its reason; the next check tries again.
 */
@ApplicationScoped
public class StaleWatch {

  private static final Logger LOG = Logger.getLogger(StaleWatch.class);

  @Inject
  LockKeeper keeper;

  @Inject
  WatcherConfig config;

  private ScheduledExecutorService timer;

  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stale-lock-watch");
      t.setDaemon(true);
      return t;
    });
    long every = config.staleCheckInterval().toMillis();
    timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      keeper.checkStale(Instant.now());
    } catch (RuntimeException e) {
      LOG.errorf("stale-lock check failed, will try again: %s", e.getMessage());
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
