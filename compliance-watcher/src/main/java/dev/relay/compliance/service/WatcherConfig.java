package dev.relay.compliance.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The watcher's settings ({@code relay.compliance.*}). */
@ConfigMapping(prefix = "relay.compliance")
public interface WatcherConfig {

  /** A held lock with no signal for longer than this is reported stale (once; it stays held). */
  @WithDefault("5m")
  Duration staleAfter();

  /** How often the held locks are checked for staleness. */
  @WithDefault("10s")
  Duration staleCheckInterval();

  /** Deadline for reading compliance.locks to its end at startup; past it the service does not start. */
  @WithDefault("60s")
  Duration restoreTimeout();

  /** Deadline for the broker to acknowledge one published record. */
  @WithDefault("30s")
  Duration publishTimeout();
}
