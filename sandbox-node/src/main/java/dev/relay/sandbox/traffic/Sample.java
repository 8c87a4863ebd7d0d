package dev.relay.sandbox.traffic;

/**
 * One request as the load generator saw it.
 *
 * @param startNanos when it was sent (System.nanoTime)
 * @param endNanos when its answer (or failure) arrived
 * @param phase the phase mark current when it was sent
 * @param outcome what happened
 * @param status the HTTP status (0 without an answer)
 * @param node the node that answered, from the body's "node" field (null without one)
 * @param error the failure, in words (null when answered)
 */
public record Sample(long startNanos, long endNanos, String phase, Outcome outcome, int status, String node,
    String error) {

  /** How a request ended. */
  public enum Outcome {
    /** A 2xx answer. */
    OK,
    /** An answer outside 2xx. */
    NON_2XX,
    /** The connection was reset or closed where an answer was due. */
    RESET,
    /** No answer for another reason: refused connect, timeout, unreadable answer. */
    FAILED
  }

  public long latencyMicros() {
    return (endNanos - startNanos) / 1_000;
  }
}
