package dev.relay.orchestrator.streams;

import dev.relay.contracts.ClusterRegistry;
import dev.relay.contracts.Topics;
import dev.relay.orchestrator.saga.BlueGreenSaga;
import dev.relay.orchestrator.saga.RollingUpdateSaga;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** Wires the saga processor between its input topics, its two stores and its output topics. */
public final class SagaTopology {

  static final List<String> OUTPUTS = List.of(Topics.GATE_COMMANDS, Topics.ARTIFACT_COMMANDS, Topics.NODE_COMMANDS,
      Topics.EVENTS, Topics.dlq(Topics.REQUESTS), Topics.dlq(Topics.EVENTS));

  static String sinkFor(String topic) {
    return "to-" + topic;
  }

  public static Topology build(RollingUpdateSaga saga, BlueGreenSaga blueGreen, Supplier<ClusterRegistry> clusters,
      Optional<String> deploymentTier, Duration tickInterval) {
    Topology t = new Topology();
    var strings = Serdes.String();
    t.addSource("requests", strings.deserializer(), strings.deserializer(), Topics.REQUESTS);
    t.addSource("facts", strings.deserializer(), strings.deserializer(), Topics.EVENTS);
    t.addProcessor("saga", () -> new SagaProcessor(saga, blueGreen, clusters, deploymentTier, tickInterval),
        "requests", "facts");
    t.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(SagaStores.BY_CLUSTER), Serdes.String(), Serdes.String()), "saga");
    t.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(SagaStores.BY_DEPLOYMENT), Serdes.String(), Serdes.String()), "saga");
    // Compliance locks, from every partition, readable by every task: a global store fed by the compacted topic.
    t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SagaStores.LOCKS), Serdes.String(),
            Serdes.String()).withLoggingDisabled(), "locks-source", strings.deserializer(), strings.deserializer(),
        Topics.COMPLIANCE_LOCKS, "locks-updater", LockStoreUpdater::new);
    for (String topic : OUTPUTS) {
      t.addSink(sinkFor(topic), topic, strings.serializer(), strings.serializer(), "saga");
    }
    return t;
  }

  private SagaTopology() {}
}
