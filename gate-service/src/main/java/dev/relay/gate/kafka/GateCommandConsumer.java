package dev.relay.gate.kafka;

import dev.relay.contracts.Command;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import dev.relay.gate.service.GateEvaluation;
import dev.relay.gate.service.GateEvaluator;
import dev.relay.gate.service.GateRequest;
import dev.relay.gate.service.GateResult;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Answers RunGates from {@code deploy.commands.gates} on {@code deploy.events}: one GatePassed or GateFailed per
 * applicable gate, then GatesEvaluated, keyed by the cluster. Decides what is not a command it can answer (unreadable,
 * not RunGates, no cluster, no phase, a tier other than 1 or 2): it throws, so the record goes to the DLQ with the
 * reason and the consumer carries on.
 */
@ApplicationScoped
public class GateCommandConsumer {

  private static final Logger LOG = Logger.getLogger(GateCommandConsumer.class);
  private static final long PUBLISH_TIMEOUT_SECONDS = 30;

  @Inject
  GateEvaluator evaluator;

  @Inject
  @Channel("deploy-events")
  Emitter<Record<String, String>> events;

  @Incoming("deploy-commands-gates")
  @Blocking
  public void onCommand(String raw) {
    Envelope in = Messages.read(raw);
    if (!(in.payload() instanceof Command.RunGates run)) {
      throw new MalformedMessageException("expected RunGates on deploy.commands.gates, got " + in.type());
    }
    if (in.clusterId() == null || in.clusterId().isBlank()) {
      throw new MalformedMessageException("RunGates " + in.eventId() + " has no clusterId in its envelope");
    }
    if (run.phase() == null) {
      throw new MalformedMessageException("RunGates " + in.eventId() + " has no phase");
    }
    if (run.tier() != 1 && run.tier() != 2) {
      throw new MalformedMessageException("RunGates " + in.eventId() + " has tier " + run.tier() + "; expected 1 or 2");
    }
    if (run.group() != null && !GateRequest.GROUPS.contains(run.group())) {
      throw new MalformedMessageException("RunGates " + in.eventId() + " names group '" + run.group()
          + "'; expected blue or green");
    }
    GateRequest request = new GateRequest(in.clusterId(), run.tier(), run.phase(), run.artifact(), run.version(),
        run.deadline(), run.group());
    GateEvaluation ev = evaluator.evaluate(request);
    for (GateResult r : ev.results()) {
      publish(in, r.passed()
          ? new Fact.GatePassed(r.phase(), r.gateId(), r.text())
          : new Fact.GateFailed(r.phase(), r.gateId(), r.failAction().name(), r.text()));
    }
    publish(in, new Fact.GatesEvaluated(ev.phase(), ev.passed(), ev.failedGates(), ev.reason()));
    LOG.infof("deployment %s cluster %s %s tier %d: passed=%s (%s)", in.deploymentId(), in.clusterId(), run.phase(),
        run.tier(), ev.passed(), ev.reason());
  }

  private void publish(Envelope in, Fact fact) {
    Envelope out = in.reply(Instant.now(), fact);
    try {
      events.send(Record.of(in.clusterId(), Messages.write(out)))
          .toCompletableFuture().get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not publish " + out.type() + " for RunGates " + in.eventId()
          + " on deploy.events: " + e, e);
    }
  }
}
