package dev.relay.sandbox.release;

/**
 * How a stop went.
 *
 * @param pid the process stopped (0 when none was running)
 * @param result NOT_RUNNING, STOPPED (exited within the grace after SIGTERM), KILLED (kill -9 after the grace) or
 *     STILL_RUNNING (not exited within the grace and, in NEVER_KILL mode, left running)
 */
public record StopOutcome(long pid, Result result) {

  /** What happened to the process. */
  public enum Result { NOT_RUNNING, STOPPED, KILLED, STILL_RUNNING }

  public String describe() {
    return switch (result) {
      case NOT_RUNNING -> "was not running";
      case STOPPED -> "pid " + pid + " stopped gracefully";
      case KILLED -> "pid " + pid + " did not stop within the grace and was killed (SIGKILL)";
      case STILL_RUNNING -> "pid " + pid + " did not stop within the grace and was left running (never killed)";
    };
  }
}
