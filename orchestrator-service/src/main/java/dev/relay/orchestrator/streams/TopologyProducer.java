package dev.relay.orchestrator.streams;

import dev.relay.orchestrator.config.ClusterProfiles;
import dev.relay.orchestrator.config.OrchestratorConfig;
import dev.relay.orchestrator.saga.BlueGreenPolicy;
import dev.relay.orchestrator.saga.BlueGreenSaga;
import dev.relay.orchestrator.saga.RollingUpdateSaga;
import dev.relay.orchestrator.saga.SagaPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Gives Quarkus' Kafka Streams the saga topology, configured from {@link OrchestratorConfig}. */
@ApplicationScoped
public class TopologyProducer {

  @Produces
  public Topology topology(OrchestratorConfig config, ClusterProfiles clusters) {
    OrchestratorConfig.Saga c = config.saga();
    SagaPolicy policy = new SagaPolicy(c.gates(), c.verify(), c.drain(), c.patch(), c.rejoin(), c.rebalance(),
        c.rollback(), c.resendInterval(), c.graceAfterDeadline(), c.revertSettle());
    OrchestratorConfig.Tier2 b = config.tier2();
    BlueGreenPolicy bluegreen = new BlueGreenPolicy(c.gates(), c.verify(), c.drain(), c.patch(), c.rejoin(), b.sync(),
        b.greenHealthy(), b.switchTraffic(), b.stabilityWindow(), b.stopReplication(), b.maxDeferral(),
        c.resendInterval(), c.graceAfterDeadline(), b.maxErrors());
    return SagaTopology.build(new RollingUpdateSaga(policy), new BlueGreenSaga(bluegreen), clusters::registry,
        config.deploymentTier(), c.tickInterval());
  }
}
