package dev.relay.gate.service;

import dev.relay.gate.kind.GateCall;
import dev.relay.gate.kind.GateKind;
import dev.relay.gate.kind.GateOutcome;
import dev.relay.gate.table.FailAction;
import dev.relay.gate.table.GateDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Judges the applicable gates of one request, side by side; a disruptive gate (builtin:chaos) only after all others
 * of the phase, and not when one of them already failed it. Each judgement gets the gate's own time limit (its
 * Timeout column, else relay.gates.call-timeout), never beyond the RunGates deadline. A failing DEFER gate is judged
 * again every defer interval until it passes or the deadline comes (then it fails "still failing at the deadline"),
 * and stops early once an ABORT or ROLLBACK gate has already failed the phase. Decides that a gate which cannot be
 * filled, errors, runs out of time or meets a passed deadline fails with the reason: no gate ever passes by default.
 */
public final class GateRun {

  /** Extra time a judge gets beyond its own limit before it is abandoned as hung. */
  static final Duration GRACE = Duration.ofSeconds(3);
  static final String STILL_FAILING = "still failing at the deadline: ";
  /** A DEFER gate is not judged again with less than this left: the last real reason is kept, not a timeout. */
  static final Duration MIN_ATTEMPT = Duration.ofMillis(500);

  private final Function<GateDefinition, GateKind> kinds;
  private final Duration callTimeout;
  private final Duration deferInterval;
  private final ExecutorService executor;
  private final Clock clock;

  public GateRun(Function<GateDefinition, GateKind> kinds, Duration callTimeout, Duration deferInterval,
      ExecutorService executor, Clock clock) {
    this.kinds = kinds;
    this.callTimeout = callTimeout;
    this.deferInterval = deferInterval;
    this.executor = executor;
    this.clock = clock;
  }

  public GateEvaluation evaluate(List<GateDefinition> gates, GateRequest request) {
    Blocked blocked = new Blocked();
    GateResult[] results = new GateResult[gates.size()];
    // the other gates first, side by side; then the disruptive ones (chaos kills nodes), so they never disturb
    // another gate's reading, and not at all once the phase has already failed
    for (boolean disruptive : new boolean[] {false, true}) {
      List<Integer> batch = new ArrayList<>();
      for (int i = 0; i < gates.size(); i++) {
        if (disruptive(gates.get(i)) == disruptive) {
          batch.add(i);
        }
      }
      List<Future<GateResult>> futures = new ArrayList<>();
      for (int i : batch) {
        GateDefinition g = gates.get(i);
        if (disruptive && blocked.gate() != null) {
          futures.add(null);
        } else {
          futures.add(executor.submit(() -> judgeGate(g, request, blocked)));
        }
      }
      for (int k = 0; k < batch.size(); k++) {
        GateDefinition g = gates.get(batch.get(k));
        results[batch.get(k)] = futures.get(k) == null
            ? result(g, GateOutcome.fail("not run: " + blocked.gate() + " already failed the phase"), 0, false)
            : collect(g, futures.get(k), request);
      }
    }
    return GateEvaluation.of(request.phase(), List.of(results));
  }

  /** A gate that changes the cluster while it judges (builtin:chaos kills nodes). */
  static boolean disruptive(GateDefinition g) {
    return g.builtin() == dev.relay.gate.table.Builtin.CHAOS;
  }

  /** One gate to its verdict: one judgement, or for DEFER as many as the deadline allows. */
  private GateResult judgeGate(GateDefinition g, GateRequest request, Blocked blocked) {
    boolean defer = g.failAction() == FailAction.DEFER;
    int attempts = 0;
    GateOutcome last = null;
    while (true) {
      Duration left = left(request);
      boolean tooLateToRetry = last != null && left != null && left.compareTo(MIN_ATTEMPT) < 0;
      if (left != null && (left.isNegative() || left.isZero() || tooLateToRetry)) {
        String why = last == null
            ? "the RunGates deadline " + request.deadline() + " had passed before the gate could run"
            : last.text();
        return result(g, GateOutcome.fail(defer ? STILL_FAILING + why : why), attempts, defer);
      }
      Duration limit = limit(g, left);
      attempts++;
      last = attempt(g, request, limit);
      if (last.passed() || !defer) {
        if (!last.passed() && g.failAction() != FailAction.WARN) {
          blocked.by(g.id());
        }
        return result(g, last, attempts, false);
      }
      if (request.deadline() == null) {
        return result(g, GateOutcome.fail(STILL_FAILING + last.text() + " (no RunGates deadline: judged once)"),
            attempts, true);
      }
      Duration wait = deferInterval;
      Duration remaining = left(request);
      if (remaining.compareTo(wait) < 0) {
        wait = remaining;
      }
      if (blocked.await(wait)) {
        return result(g, GateOutcome.fail("not judged again: " + blocked.gate() + " already failed the phase; last "
            + "reason: " + last.text()), attempts, false);
      }
    }
  }

  private Duration left(GateRequest request) {
    return request.deadline() == null ? null : Duration.between(clock.instant(), request.deadline());
  }

  private Duration limit(GateDefinition g, Duration left) {
    Duration limit = g.timeout() != null ? g.timeout() : callTimeout;
    return left != null && left.compareTo(limit) < 0 ? left : limit;
  }

  /** One judgement, abandoned as hung when it runs past its limit plus the grace. */
  private GateOutcome attempt(GateDefinition g, GateRequest request, Duration limit) {
    Future<GateOutcome> f = executor.submit(() -> judge(g, request, limit));
    try {
      return f.get(limit.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return GateOutcome.fail("did not finish within " + limit.toMillis() + " ms; abandoned");
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      return GateOutcome.fail("the gate errored: " + c.getClass().getSimpleName()
          + (c.getMessage() == null ? "" : ": " + c.getMessage()));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return GateOutcome.fail("interrupted while waiting for the gate");
    }
  }

  private GateOutcome judge(GateDefinition g, GateRequest request, Duration limit) {
    List<String> words;
    try {
      words = g.template().fill(request.values());
    } catch (IllegalArgumentException e) {
      return GateOutcome.fail("cannot build the command: " + e.getMessage());
    }
    GateKind kind = kinds.apply(g);
    if (kind == null) {
      return GateOutcome.fail("no judge for gate kind " + g.kindLabel());
    }
    GateOutcome o = kind.judge(new GateCall(g, words, request.values(), limit));
    return o == null ? GateOutcome.fail("the " + g.kindLabel() + " judge gave no verdict") : o;
  }

  /** Waits for a gate's verdict; the wait is bounded by the deadline (or the gate's limit) plus the grace. */
  private GateResult collect(GateDefinition g, Future<GateResult> f, GateRequest request) {
    Duration left = left(request);
    Duration wait = left == null ? limit(g, null) : (left.isNegative() ? Duration.ZERO : left);
    try {
      return f.get(wait.plus(GRACE).plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return result(g, GateOutcome.fail("no verdict by the deadline; abandoned"), 0,
          g.failAction() == FailAction.DEFER);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      return result(g, GateOutcome.fail("the gate errored: " + c), 0, false);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return result(g, GateOutcome.fail("interrupted while waiting for the gate"), 0, false);
    }
  }

  private static GateResult result(GateDefinition g, GateOutcome o, int attempts, boolean expired) {
    return new GateResult(g.id(), g.name(), g.phase(), g.failAction(), o.passed(), o.text(), attempts,
        expired && !o.passed());
  }

  /** Set once an ABORT or ROLLBACK gate has failed: DEFER gates stop waiting then. */
  private static final class Blocked {
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile String gate;

    synchronized void by(String gateId) {
      if (gate == null) {
        gate = gateId;
        latch.countDown();
      }
    }

    String gate() {
      return gate;
    }

    /** True when blocked (at once or within the wait). */
    boolean await(Duration d) {
      try {
        return latch.await(Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
  }
}
