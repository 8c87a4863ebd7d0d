package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InProcessKafkaTest {

  @Test
  void aRecordWrittenIsReadBackAndEveryTopicExists() throws Exception {
    InProcessKafka kafka = InProcessKafka.shared();
    try (var admin = kafka.admin()) {
      assertThat(admin.listTopics().names().get()).containsAll(Topics.all());
    }
    try (var producer = new KafkaProducer<String, String>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.EVENTS, "c1", "hello")).get();
    }
    try (var consumer = new KafkaConsumer<String, String>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "t",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.EVENTS));
      long end = System.currentTimeMillis() + 20_000;
      String seen = null;
      while (seen == null && System.currentTimeMillis() < end) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          seen = r.value();
        }
      }
      assertThat(seen).isEqualTo("hello");
    }
  }
}
