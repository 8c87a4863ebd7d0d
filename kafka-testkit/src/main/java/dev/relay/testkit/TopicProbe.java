package dev.relay.testkit;

import dev.relay.contracts.Envelope;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test helper over a real broker: sends envelopes and records everything that arrives on some topics (read_committed,
 * from the start), so a test can wait for a record and then assert on the whole sequence.
 */
public final class TopicProbe implements AutoCloseable {

  /** A record as seen: topic, key, the raw value, the parsed envelope (null if it did not parse) and its timestamp. */
  public record Seen(String topic, String key, String raw, Envelope envelope, long timestamp) {}

  private final String bootstrap;
  private final KafkaProducer<String, String> producer;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  public TopicProbe(String bootstrap, String... topics) {
    this.bootstrap = bootstrap;
    this.producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, "0"),
        new StringSerializer(), new StringSerializer());
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topics));
    this.poller = new Thread(() -> {
      try (consumer) {
        while (running) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
            Envelope e;
            try {
              e = Messages.read(r.value());
            } catch (MalformedMessageException ex) {
              e = null;
            }
            seen.add(new Seen(r.topic(), r.key(), r.value(), e, r.timestamp()));
          }
        }
      }
    }, "topic-probe");
    poller.setDaemon(true);
    poller.start();
  }

  public void send(String topic, Envelope envelope) {
    sendRaw(topic, envelope.clusterId(), Messages.write(envelope));
  }

  public void sendRaw(String topic, String key, String value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("send to " + topic + " failed: " + e, e);
    }
  }

  /** Everything seen so far, in arrival order. */
  public List<Seen> seen() {
    return new ArrayList<>(seen);
  }

  /** Envelopes seen for one deployment, in arrival order. */
  public List<Envelope> envelopes(String deploymentId) {
    return seen.stream().map(Seen::envelope)
        .filter(e -> e != null && deploymentId.equals(e.deploymentId())).toList();
  }

  /** Waits until a record matches, or fails with everything seen so far. */
  public Seen await(Predicate<Seen> match, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (Seen s : seen) {
        if (match.test(s)) {
          return s;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    StringBuilder sb = new StringBuilder("no matching record within " + timeout + "; seen:");
    for (Seen s : seen) {
      sb.append("\n  ").append(s.topic()).append(' ').append(s.key()).append(' ').append(s.raw());
    }
    throw new AssertionError(sb.toString());
  }

  /** Waits for a payload of this type for this deployment. */
  public <T> T awaitPayload(String deploymentId, Class<T> type, Duration timeout) {
    Seen s = await(x -> x.envelope() != null && deploymentId.equals(x.envelope().deploymentId())
        && type.isInstance(x.envelope().payload()), timeout);
    return type.cast(s.envelope().payload());
  }

  public String bootstrap() {
    return bootstrap;
  }

  @Override
  public void close() {
    running = false;
    producer.close(Duration.ofSeconds(2));
    try {
      poller.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
