package dev.relay.orchestrator.saga;

import java.time.Duration;

/**
 * The deadlines of each wait, and how often a pending command is sent again (commands state a desired end, so a
 * re-send is harmless and survives a lost command or a restarted node-adapter).
 *
 * @param graceAfterDeadline how long after a command's own deadline the saga gives up on hearing back; the executing
 *     service normally reports its own, more precise, failure at the command deadline
 * @param revertSettle how long a ROLLBACK revert waits for 100% after putting a node back before it reverts the next
 *     one anyway (the release being reverted may keep nodes down that only the revert brings back)
 */
public record SagaPolicy(
    Duration gates,
    Duration verify,
    Duration drain,
    Duration patch,
    Duration rejoin,
    Duration rebalance,
    Duration rollback,
    Duration resendInterval,
    Duration graceAfterDeadline,
    Duration revertSettle) {

  public static SagaPolicy defaults() {
    return new SagaPolicy(
        Duration.ofMinutes(2),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(10),
        Duration.ofMinutes(15),
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofMinutes(2));
  }
}
