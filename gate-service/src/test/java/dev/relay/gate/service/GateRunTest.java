package dev.relay.gate.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.GatePhase;
import dev.relay.gate.kind.GateKind;
import dev.relay.gate.kind.GateOutcome;
import dev.relay.gate.table.GateDefinition;
import dev.relay.gate.table.GateKindName;
import dev.relay.gate.table.GateTable;
import dev.relay.gate.table.GateTableLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GateRunTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String TABLE = "Gate_ID,Script_Command,Pass_Threshold,Fail_Action,Deployment_Tier,Phase\n"
      + "ok,cmd ok,0,ABORT,ALL,PRE_FLIGHT\n"
      + "warn,cmd bad,0,WARN,ALL,PRE_FLIGHT\n"
      + "abort,cmd bad,0,ABORT,1,PRE_FLIGHT\n"
      + "needs-artifact,cmd {artifact},0,DEFER,2,PRE_FLIGHT\n"
      + "throws,cmd throw,0,ROLLBACK,ALL,PRE_SWITCH\n";

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final GateTable table = GateTableLoader.parse("t", TABLE);

  /** Passes when the command's last word is "ok" or an artifact name, fails on "bad", throws on "throw". */
  private final GateKind fake = call -> switch (call.words().get(call.words().size() - 1)) {
    case "bad" -> GateOutcome.fail("bad said no");
    case "throw" -> throw new IllegalStateException("judge blew up");
    default -> GateOutcome.pass("fine");
  };

  private final Function<GateDefinition, GateKind> kinds = k -> fake;

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private GateEvaluation run(GatePhase phase, int tier, String artifact, Instant deadline) {
    GateRun run = new GateRun(kinds, Duration.ofSeconds(5), Duration.ofMillis(50), executor, Clock.fixed(NOW, ZoneOffset.UTC));
    List<GateDefinition> gates = table.applicable(phase, tier);
    return run.evaluate(gates, new GateRequest("c1", tier, phase, artifact, "1.0", deadline));
  }

  @Test
  void abortFailureBlocksAndWarnDoesNot() {
    GateEvaluation tier1 = run(GatePhase.PRE_FLIGHT, 1, "chat", null);
    assertThat(tier1.results()).extracting(GateResult::gateId).containsExactly("ok", "warn", "abort");
    assertThat(tier1.passed()).isFalse();
    assertThat(tier1.failedGates()).containsExactly("warn", "abort");
    assertThat(tier1.reason()).contains("blocked by abort (ABORT)").contains("WARN failures (not blocking): warn");

    GateEvaluation tier2 = run(GatePhase.PRE_FLIGHT, 2, "chat", null);
    assertThat(tier2.results()).extracting(GateResult::gateId).containsExactly("ok", "warn", "needs-artifact");
    assertThat(tier2.passed()).isTrue();
    assertThat(tier2.failedGates()).containsExactly("warn");
  }

  @Test
  void aMissingPlaceholderValueFailsTheGate() {
    GateEvaluation ev = run(GatePhase.PRE_FLIGHT, 2, null, null);
    GateResult r = ev.results().get(2);
    assertThat(r.passed()).isFalse();
    assertThat(r.text()).contains("{artifact}");
    assertThat(ev.passed()).as("DEFER blocks for now").isFalse();
  }

  @Test
  void aJudgeThatThrowsFails() {
    GateEvaluation ev = run(GatePhase.PRE_SWITCH, 1, "chat", null);
    assertThat(ev.passed()).isFalse();
    assertThat(ev.results().get(0).text()).contains("errored").contains("judge blew up");
  }

  @Test
  void aPassedDeadlineFailsEveryGate() {
    GateEvaluation ev = run(GatePhase.PRE_FLIGHT, 2, "chat", NOW.minusSeconds(1));
    assertThat(ev.results()).allSatisfy(r -> {
      assertThat(r.passed()).isFalse();
      assertThat(r.text()).contains("deadline");
    });
    assertThat(ev.passed()).isFalse();
  }

  @Test
  void noApplicableGatesPasses() {
    GateEvaluation ev = run(GatePhase.POST_DEPLOY, 1, "chat", null);
    assertThat(ev.passed()).isTrue();
    assertThat(ev.results()).isEmpty();
    assertThat(ev.reason()).isEqualTo("no gates apply");
  }

  private GateEvaluation deferRun(GateKind judge, Instant deadline) {
    GateTable t = GateTableLoader.parse("t", "Gate_ID,Script_Command,Pass_Threshold,Fail_Action,Deployment_Tier\n"
        + "later,cmd x,0,DEFER,ALL\n");
    GateRun run = new GateRun(k -> judge, Duration.ofSeconds(5), Duration.ofMillis(50), executor, Clock.systemUTC());
    return run.evaluate(t.gates(), new GateRequest("c1", 1, GatePhase.PRE_FLIGHT, "chat", "1.0", deadline));
  }

  @Test
  void aDeferGateIsJudgedAgainUntilItPasses() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    GateEvaluation ev = deferRun(call -> calls.incrementAndGet() < 3 ? GateOutcome.fail("locked") : GateOutcome.pass(
        "clear"), Instant.now().plusSeconds(20));
    assertThat(ev.passed()).isTrue();
    assertThat(ev.results().get(0).attempts()).isEqualTo(3);
  }

  @Test
  void aDeferGateStillFailingAtTheDeadlineExpires() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    GateEvaluation ev = deferRun(call -> {
      calls.incrementAndGet();
      return GateOutcome.fail("lock l1 holds c1");
    }, Instant.now().plusMillis(600));
    assertThat(ev.passed()).isFalse();
    GateResult r = ev.results().get(0);
    assertThat(r.expired()).isTrue();
    assertThat(r.attempts()).isGreaterThan(1).isEqualTo(calls.get());
    assertThat(r.text()).startsWith("still failing at the deadline: ").contains("lock l1 holds c1");
    assertThat(r.text()).doesNotContain("timed out").doesNotContain("did not finish");
    assertThat(ev.reason()).startsWith("expired: ").contains("later (DEFER)");
  }

  @Test
  void theChaosGateRunsAfterTheOthersAndNotOnceThePhaseFailed() {
    java.util.concurrent.atomic.AtomicInteger clock = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Map<String, Integer> started = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Map<String, Integer> ended = new java.util.concurrent.ConcurrentHashMap<>();
    GateKind slow = call -> {
      started.put(call.gate().id(), clock.incrementAndGet());
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ended.put(call.gate().id(), clock.incrementAndGet());
      return call.gate().id().startsWith("bad") ? GateOutcome.fail("no") : GateOutcome.pass("yes");
    };
    String csv = "Gate_ID,Script_Command,Pass_Threshold,Fail_Action,Deployment_Tier,Phase\n"
        + "chaos,builtin:chaos {cluster} 30,0,ROLLBACK,ALL,POST_DEPLOY\n"
        + "converged,cmd ok,0,ROLLBACK,ALL,POST_DEPLOY\n";
    GateRun run = new GateRun(k -> slow, Duration.ofSeconds(5), Duration.ofMillis(50), executor, Clock.systemUTC());
    GateEvaluation ok = run.evaluate(GateTableLoader.parse("t", csv).gates(),
        new GateRequest("c1", 1, GatePhase.POST_DEPLOY, "chat", "1.0", null));
    assertThat(ok.passed()).isTrue();
    assertThat(ok.results()).extracting(GateResult::gateId).containsExactly("chaos", "converged");
    assertThat(started.get("chaos")).isGreaterThan(ended.get("converged"));

    started.clear();
    GateEvaluation failed = run.evaluate(GateTableLoader.parse("t", csv.replace("converged,", "bad-converged,"))
        .gates(), new GateRequest("c1", 1, GatePhase.POST_DEPLOY, "chat", "1.0", null));
    assertThat(failed.passed()).isFalse();
    assertThat(started).doesNotContainKey("chaos");
    assertThat(failed.results().get(0).text()).contains("not run: bad-converged already failed the phase");
  }
}
