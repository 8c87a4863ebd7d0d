package dev.relay.node.kafka;

import dev.relay.contracts.Command.NodeCommand;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import dev.relay.node.service.NodeCommandService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads deploy.commands.nodes. A record that is not a readable node command goes to the dead-letter topic with the
 * reason (thrown here, so the channel nacks it) and the consumer keeps going. A readable one is acknowledged on
 * receipt: its job runs asynchronously, this thread never waits for a node.
 */
@ApplicationScoped
public class NodeCommandConsumer {

  private final NodeCommandService service;

  public NodeCommandConsumer(NodeCommandService service) {
    this.service = service;
  }

  @Incoming("deploy-commands-nodes")
  public void consume(String raw) {
    Envelope envelope = Messages.read(raw);
    if (!(envelope.payload() instanceof NodeCommand)) {
      throw new MalformedMessageException("not a node command: " + envelope.type());
    }
    if (envelope.clusterId() == null || envelope.clusterId().isBlank()) {
      throw new MalformedMessageException(envelope.type() + " without clusterId");
    }
    service.accept(envelope);
  }
}
