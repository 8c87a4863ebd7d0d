package dev.relay.orchestrator.saga;

import java.time.Duration;

/**
 * Tier 2 deadlines. {@code stabilityWindow} is how long green is watched after the switch (5 minutes by default);
 * {@code maxDeferral} how long a deployment may wait for compliance locks before it ends expired; {@code maxErrors}
 * the errors tolerated in the window (0: any 5xx or connection error rolls back).
 */
public record BlueGreenPolicy(
    Duration gates,
    Duration verify,
    Duration drain,
    Duration patch,
    Duration rejoin,
    Duration sync,
    Duration greenHealthy,
    Duration switchTraffic,
    Duration stabilityWindow,
    Duration stopReplication,
    Duration maxDeferral,
    Duration resendInterval,
    Duration graceAfterDeadline,
    long maxErrors) {

  public static BlueGreenPolicy defaults() {
    return new BlueGreenPolicy(Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMinutes(5),
        Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(10),
        Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofHours(4),
        Duration.ofSeconds(30), Duration.ofSeconds(10), 0);
  }
}
