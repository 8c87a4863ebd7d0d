package dev.relay.gate.kafka;

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

/** Test helper: finds a record on a DLQ topic by its value and returns its dead-letter-reason header. */
final class DlqReader {

  private DlqReader() {}

  static String reasonFor(String bootstrap, String topic, String value, Duration timeout) {
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
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
          }
        }
      }
    }
    throw new AssertionError("no record with value " + value + " on " + topic + " within " + timeout);
  }
}
