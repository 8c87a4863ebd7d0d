package dev.relay.artifact.kafka;

import dev.relay.artifact.store.ArtifactStore;
import dev.relay.artifact.store.StoredVerification;
import dev.relay.contracts.Command;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Answers {@code VerifyArtifact} commands from {@code deploy.commands.artifacts}: re-verifies the stored artifact
 * and publishes {@code ArtifactVerified} or {@code ArtifactRejected} on {@code deploy.events}, keyed by cluster id.
 * A record that does not parse or is not a VerifyArtifact is nacked with the reason, which sends it to the
 * {@code .dlq} topic; consumption continues. Runs on a worker thread (file I/O), in order.
 */
@ApplicationScoped
public class ArtifactCommandHandler {

  private static final Logger LOG = Logger.getLogger(ArtifactCommandHandler.class);

  @Inject
  ArtifactStore store;

  @Incoming("deploy-commands-artifacts")
  @Outgoing("deploy-events")
  @Blocking
  public Record<String, String> onCommand(String raw) {
    Envelope in = Messages.read(raw);
    if (!(in.payload() instanceof Command.VerifyArtifact cmd)) {
      throw new MalformedMessageException("not a VerifyArtifact command: " + in.type());
    }
    if (cmd.artifact() == null || cmd.version() == null) {
      throw new MalformedMessageException("VerifyArtifact needs artifact and version");
    }
    Fact fact = answer(cmd);
    LOG.infof("deployment %s: %s %s -> %s", in.deploymentId(), cmd.artifact(), cmd.version(),
        Messages.typeName(fact.getClass()));
    return Record.of(in.clusterId(), Messages.write(in.reply(Instant.now(), fact)));
  }

  /** The fact for one command: same decision as the verify endpoint. */
  Fact answer(Command.VerifyArtifact cmd) {
    StoredVerification v = store.verifyStored(cmd.artifact(), cmd.version());
    if (v instanceof StoredVerification.Verified ok) {
      return new Fact.ArtifactVerified(cmd.artifact(), cmd.version(), ok.digest(), ok.size(), ok.keyId());
    }
    String reason = v instanceof StoredVerification.Refused r ? r.reason() : ((StoredVerification.Unknown) v).reason();
    return new Fact.ArtifactRejected(cmd.artifact(), cmd.version(), reason);
  }
}
