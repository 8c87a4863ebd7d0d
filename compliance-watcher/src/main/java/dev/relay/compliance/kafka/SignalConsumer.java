package dev.relay.compliance.kafka;

import dev.relay.compliance.lock.SignalCheck;
import dev.relay.compliance.service.LockKeeper;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Signal.ComplianceSignal;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code compliance.signals} (from compliance systems, and from {@code POST /signals}) and hands each checked
 * signal to the {@link LockKeeper}. Decides what is refused: anything that is not a valid ComplianceSignal throws, so
 * the record goes to {@code compliance.signals.dlq} with the reason and the consumer carries on.
 */
@ApplicationScoped
public class SignalConsumer {

  @Inject
  LockKeeper keeper;

  @Incoming("compliance-signals")
  @Blocking
  public void onSignal(String raw) {
    Envelope in = Messages.read(raw);
    if (!(in.payload() instanceof ComplianceSignal signal)) {
      throw new MalformedMessageException("expected ComplianceSignal on compliance.signals, got " + in.type());
    }
    keeper.onSignal(in, SignalCheck.check(signal), Instant.now());
  }
}
