package dev.relay.node.jobs;

import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.NodeCommandFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One node command in flight. Its result is exactly one fact: the success fact, or NodeCommandFailed with a reason.
 * Decides that the job ends at its deadline at the latest ("deadline passed: " + what was still missing), that a
 * step after the end never runs, and that a failed poll is retried until the deadline while a {@link JobFailure}
 * ends the job at once.
 */
public final class Job {

  /** A blocking step, run on a worker. */
  public interface Step<T> {
    T run() throws Exception;
  }

  /** A check run on each poll tick (on a worker): a value when the desired end holds, empty to poll again. */
  public interface Check<T> {
    Optional<T> check() throws Exception;
  }

  private final String command;
  private final String node;
  private final Instant deadline;
  private final JobRunner runner;
  private final CompletableFuture<Fact> result = new CompletableFuture<>();
  private volatile String missing = "nothing done yet";
  private ScheduledFuture<?> deadlineTimer;

  public Job(String command, String node, Instant deadline, JobRunner runner) {
    this.command = command;
    this.node = node;
    this.deadline = deadline;
    this.runner = runner;
  }

  /** Arms the deadline; the returned future completes with the job's one fact. */
  public CompletableFuture<Fact> start() {
    if (deadline == null) {
      fail("the command has no deadline");
      return result;
    }
    long delay = Duration.between(Instant.now(), deadline).toMillis();
    if (delay <= 0) {
      fail("deadline passed before the command could start (deadline " + deadline + ")");
      return result;
    }
    deadlineTimer = runner.scheduler().schedule(() -> fail("deadline passed: " + missing), delay, TimeUnit.MILLISECONDS);
    result.whenComplete((f, t) -> deadlineTimer.cancel(false));
    return result;
  }

  public String command() {
    return command;
  }

  public String node() {
    return node;
  }

  public boolean live() {
    return !result.isDone();
  }

  /** Time left until the deadline (zero when passed). */
  public Duration remaining() {
    Duration d = Duration.between(Instant.now(), deadline);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** What is still missing; named in the reason if the deadline passes. */
  public void missing(String what) {
    this.missing = what;
  }

  public void succeed(Fact fact) {
    result.complete(fact);
  }

  public void fail(String reason) {
    result.complete(new NodeCommandFailed(node, command, reason));
  }

  /** Ends the job with the reason of a step's exception (a no-op when it already ended). */
  public Void failWith(Throwable t) {
    Throwable cause = unwrap(t);
    if (!(cause instanceof CancellationException) && !(cause instanceof Abandoned)) {
      fail(reason(cause));
    }
    return null;
  }

  /** Runs a blocking step on a worker, unless the job already ended. */
  public <T> CompletableFuture<T> io(Step<T> step) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      runner.workers().execute(() -> {
        if (!live()) {
          f.completeExceptionally(new Abandoned());
          return;
        }
        try {
          f.complete(step.run());
        } catch (Exception | Error e) {
          f.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new Abandoned());
    }
    return f;
  }

  /** Polls until the check yields a value (or a JobFailure, or the job ends); no thread waits in between. */
  public <T> CompletableFuture<T> poll(Check<T> check) {
    CompletableFuture<T> f = new CompletableFuture<>();
    result.whenComplete((r, t) -> f.completeExceptionally(new Abandoned()));
    new Runnable() {
      @Override
      public void run() {
        try {
          runner.workers().execute(() -> {
            if (f.isDone()) {
              return;
            }
            try {
              Optional<T> v = check.check();
              if (v.isPresent()) {
                f.complete(v.get());
                return;
              }
            } catch (JobFailure e) {
              f.completeExceptionally(e);
              return;
            } catch (Exception e) {
              missing(reason(e));
            }
            if (!f.isDone()) {
              runner.scheduler().schedule(this, runner.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
          });
        } catch (RejectedExecutionException e) {
          f.completeExceptionally(new Abandoned());
        }
      }
    }.run();
    return f;
  }

  /**
   * Polls like {@link #poll(Check)}, but a check that throws (anything but a JobFailure) is retried after a delay that
   * doubles from min up to max; a check that answers "not yet" is polled again after min.
   */
  public <T> CompletableFuture<T> pollWithBackoff(Check<T> check, Duration min, Duration max) {
    CompletableFuture<T> f = new CompletableFuture<>();
    result.whenComplete((r, t) -> f.completeExceptionally(new Abandoned()));
    new Runnable() {
      private long delayMs = min.toMillis();

      @Override
      public void run() {
        try {
          runner.workers().execute(() -> {
            if (f.isDone()) {
              return;
            }
            long next = min.toMillis();
            try {
              Optional<T> v = check.check();
              if (v.isPresent()) {
                f.complete(v.get());
                return;
              }
            } catch (JobFailure e) {
              f.completeExceptionally(e);
              return;
            } catch (Exception e) {
              missing(reason(e));
              next = Math.min(max.toMillis(), Math.max(min.toMillis(), delayMs * 2));
            }
            delayMs = next;
            if (!f.isDone()) {
              runner.scheduler().schedule(this, delayMs, TimeUnit.MILLISECONDS);
            }
          });
        } catch (RejectedExecutionException e) {
          f.completeExceptionally(new Abandoned());
        }
      }
    }.run();
    return f;
  }

  /** When the job must have ended. */
  public Instant deadline() {
    return deadline;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String reason(Throwable t) {
    if (t instanceof JobFailure || t instanceof java.io.IOException) {
      return t.getMessage();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** The job ended (deadline or failure) before this step ran. */
  static final class Abandoned extends RuntimeException {
    Abandoned() {
      super("job already ended", null, false, false);
    }
  }
}
