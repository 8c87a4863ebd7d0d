package dev.relay.compliance.service;

import dev.relay.compliance.state.LockStateReader;
import dev.relay.compliance.state.RestoredState;
import dev.relay.contracts.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * At startup, before any signal is consumed (the messaging connectors start at priority 1000, this runs at 500),
 * rebuilds the held locks from compliance.locks, then starts the stale watch. A restore that fails or passes its
 * deadline stops the start with the reason: the watcher never answers from a partial state.
 */
@ApplicationScoped
public class StartupRestore {

  private static final Logger LOG = Logger.getLogger(StartupRestore.class);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject
  WatcherConfig config;

  @Inject
  LockKeeper keeper;

  @Inject
  StaleWatch staleWatch;

  void onStart(@Observes @Priority(500) StartupEvent event) {
    Instant since = Instant.now();
    RestoredState state;
    try {
      state = new LockStateReader(bootstrap, Topics.COMPLIANCE_LOCKS).read(config.restoreTimeout(), since);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot restore the held locks from " + Topics.COMPLIANCE_LOCKS + " at "
          + bootstrap + " within " + config.restoreTimeout() + ": " + e.getMessage(), e);
    }
    state.problems().forEach(p -> LOG.errorf("unreadable lock state %s", p));
    keeper.restored(state.locks(), since);
    LOG.infof("restored %d held lock(s) from %d record(s) of %s", state.locks().size(), state.records(),
        Topics.COMPLIANCE_LOCKS);
    staleWatch.start();
  }
}
