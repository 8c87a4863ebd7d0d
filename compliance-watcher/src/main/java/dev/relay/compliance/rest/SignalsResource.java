package dev.relay.compliance.rest;

import dev.relay.compliance.kafka.LockPublisher;
import dev.relay.compliance.lock.SignalCheck;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Signal.ComplianceSignal;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /signals} (token): a compliance system's signal over REST. A checked signal is published as the same
 * ComplianceSignal envelope on compliance.signals (keyed by lock id), so Kafka and REST signals take one path, in one
 * order per lock; the answer is 202 once the broker has it. A malformed signal is 400 with the reason.
 */
@Path("/signals")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SignalsResource {

  @Inject
  LockPublisher publisher;

  @POST
  @TokenRequired
  public Response signal(SignalRequest body) {
    if (body == null) {
      throw new MalformedMessageException("no body: expected {lockId, kind, action, scope}");
    }
    ComplianceSignal signal = SignalCheck.check(
        new ComplianceSignal(body.lockId(), body.kind(), body.action(), body.scope()));
    Envelope e = Envelope.of(null, null, Instant.now(), signal);
    publisher.publishSignal(e);
    return Response.accepted(Map.of("eventId", e.eventId(), "lockId", signal.lockId())).build();
  }
}
