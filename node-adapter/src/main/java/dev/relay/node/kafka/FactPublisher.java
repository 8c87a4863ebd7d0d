package dev.relay.node.kafka;

import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Messages;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/** Publishes facts to deploy.events as replies to the command that caused them, keyed by the cluster id. */
@ApplicationScoped
public class FactPublisher {

  private static final Logger LOG = Logger.getLogger(FactPublisher.class);

  private final Emitter<Record<String, String>> events;

  public FactPublisher(@Channel("deploy-events") Emitter<Record<String, String>> events) {
    this.events = events;
  }

  public void publish(Envelope cause, Fact fact) {
    Envelope reply = cause.reply(Instant.now(), fact);
    events.send(Record.of(reply.clusterId(), Messages.write(reply))).whenComplete((ok, t) -> {
      if (t != null) {
        LOG.errorf(t, "could not publish %s for %s", reply.type(), cause.deploymentId());
      }
    });
  }
}
