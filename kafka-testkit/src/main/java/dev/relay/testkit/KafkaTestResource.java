package dev.relay.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the JVM's shared in-process broker: {@code @QuarkusTestResource(KafkaTestResource.class)}.
 * The broker outlives each test class and stops with the JVM, so classes with different resource sets share it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String bootstrap = InProcessKafka.shared().bootstrapServers();
    return Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "quarkus.kafka-streams.bootstrap-servers", bootstrap);
  }

  @Override
  public void stop() {
    // shared: stopped by the JVM's shutdown hook
  }
}
