package dev.relay.gate.service;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Judges a request against the loaded table: the one entry point for Kafka and REST. */
@ApplicationScoped
public class GateEvaluator {

  @Inject
  GateTableHolder table;

  @Inject
  GateKinds kinds;

  @Inject
  GateSettings settings;

  private ExecutorService executor;
  private GateRun run;

  @PostConstruct
  void start() {
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "gate-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    run = new GateRun(kinds::of, settings.callTimeout(), settings.deferInterval(), executor, Clock.systemUTC());
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  public GateEvaluation evaluate(GateRequest request) {
    return run.evaluate(table.table().applicable(request.phase(), request.tier()), request);
  }
}
