package dev.relay.artifact.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a dead-letter topic to find the reason header SmallRye attached to one record. */
final class DeadLetters {

  static String reasonOf(String bootstrap, String topic, String value, Duration timeout) {
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          if (value.equals(r.value())) {
            Header h = r.headers().lastHeader("dead-letter-reason");
            if (h == null) {
              throw new AssertionError("dead letter without a dead-letter-reason header: " + r);
            }
            return new String(h.value(), StandardCharsets.UTF_8);
          }
        }
      }
    }
    throw new AssertionError("no dead letter '" + value + "' on " + topic + " within " + timeout);
  }

  private DeadLetters() {}
}
