package dev.relay.gate.service;

import dev.relay.gate.kind.GateCall;
import dev.relay.gate.kind.GateKind;
import dev.relay.gate.kind.GateOutcome;
import dev.relay.gate.table.GateDefinition;
import dev.relay.gate.table.GateKindName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Judges the applicable gates of one request, side by side, each within min(call timeout, time left to the
 * deadline). Decides that a gate which cannot be filled, errors, runs out of time or meets a passed deadline fails
 * with the reason: no gate ever passes by default.
 */
public final class GateRun {

  /** Extra time a judge gets beyond its own limit before it is abandoned as hung. */
  static final Duration GRACE = Duration.ofSeconds(3);

  private final Function<GateKindName, GateKind> kinds;
  private final Duration callTimeout;
  private final ExecutorService executor;
  private final Clock clock;

  public GateRun(Function<GateKindName, GateKind> kinds, Duration callTimeout, ExecutorService executor, Clock clock) {
    this.kinds = kinds;
    this.callTimeout = callTimeout;
    this.executor = executor;
    this.clock = clock;
  }

  public GateEvaluation evaluate(List<GateDefinition> gates, GateRequest request) {
    Instant now = clock.instant();
    List<Future<GateOutcome>> futures = new ArrayList<>();
    List<Duration> limits = new ArrayList<>();
    for (GateDefinition g : gates) {
      Duration limit = callTimeout;
      if (request.deadline() != null) {
        Duration left = Duration.between(now, request.deadline());
        if (left.isNegative() || left.isZero()) {
          futures.add(null);
          limits.add(Duration.ZERO);
          continue;
        }
        if (left.compareTo(limit) < 0) {
          limit = left;
        }
      }
      Duration l = limit;
      limits.add(l);
      futures.add(executor.submit(() -> judge(g, request, l)));
    }
    List<GateResult> results = new ArrayList<>();
    for (int i = 0; i < gates.size(); i++) {
      GateDefinition g = gates.get(i);
      GateOutcome o = futures.get(i) == null
          ? GateOutcome.fail("the RunGates deadline " + request.deadline() + " had passed before the gate could run")
          : await(futures.get(i), limits.get(i));
      results.add(new GateResult(g.id(), g.name(), g.phase(), g.failAction(), o.passed(), o.text()));
    }
    return GateEvaluation.of(request.phase(), results);
  }

  private GateOutcome judge(GateDefinition g, GateRequest request, Duration limit) {
    List<String> words;
    try {
      words = g.template().fill(request.values());
    } catch (IllegalArgumentException e) {
      return GateOutcome.fail("cannot build the command: " + e.getMessage());
    }
    GateKind kind = kinds.apply(g.kind());
    if (kind == null) {
      return GateOutcome.fail("no judge for gate kind " + g.kind());
    }
    GateOutcome o = kind.judge(new GateCall(g, words, request.values(), limit));
    return o == null ? GateOutcome.fail("the " + g.kind() + " judge gave no verdict") : o;
  }

  private static GateOutcome await(Future<GateOutcome> f, Duration limit) {
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
}
