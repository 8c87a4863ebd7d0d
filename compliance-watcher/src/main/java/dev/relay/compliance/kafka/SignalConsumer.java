package dev.relay.compliance.kafka;

import dev.relay.compliance.lock.LockChange;
import dev.relay.compliance.lock.Locks;
import dev.relay.compliance.lock.SignalCheck;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Signal.ComplianceSignal;
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
 * Reads {@code compliance.signals} and publishes lock changes on {@code compliance.locks} and {@code deploy.events},
 * both keyed by the lock's scope. Decides what is refused: anything that is not a valid ComplianceSignal throws, so the
 * record goes to {@code compliance.signals.dlq} with the reason and the consumer carries on.
 */
@ApplicationScoped
public class SignalConsumer {

  private static final Logger LOG = Logger.getLogger(SignalConsumer.class);
  private static final long PUBLISH_TIMEOUT_SECONDS = 30;

  @Inject
  Locks locks;

  @Inject
  @Channel("compliance-locks")
  Emitter<Record<String, String>> lockTopic;

  @Inject
  @Channel("deploy-events")
  Emitter<Record<String, String>> events;

  @Incoming("compliance-signals")
  @Blocking
  public void onSignal(String raw) {
    Envelope in = Messages.read(raw);
    if (!(in.payload() instanceof ComplianceSignal signal)) {
      throw new MalformedMessageException("expected ComplianceSignal on compliance.signals, got " + in.type());
    }
    SignalCheck.check(signal);
    Instant now = Instant.now();
    LockChange change = locks.book().plan(signal, now);
    if (change.fact() != null) {
      String scope = change.after() != null ? change.after().scope() : scopeOf(change.fact());
      Envelope out = new Envelope(Envelope.newId(), Envelope.SCHEMA_VERSION, in.deploymentId(), scope, now,
          in.eventId(), change.fact());
      String json = Messages.write(out);
      await(lockTopic.send(Record.of(scope, json)), "compliance.locks", out);
      await(events.send(Record.of(scope, json)), "deploy.events", out);
      LOG.infof("%s %s (%s on %s)", out.type(), signal.lockId(), signal.kind(), scope);
    }
    locks.book().commit(change);
  }

  private static String scopeOf(Fact fact) {
    return fact instanceof Fact.ComplianceLockReleased r ? r.scope() : ((Fact.ComplianceLockAcquired) fact).scope();
  }

  private static void await(java.util.concurrent.CompletionStage<Void> sent, String topic, Envelope out) {
    try {
      sent.toCompletableFuture().get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not publish " + out.type() + " on " + topic + ": " + e, e);
    }
  }
}
