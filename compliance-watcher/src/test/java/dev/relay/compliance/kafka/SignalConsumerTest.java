package dev.relay.compliance.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Signal.ComplianceSignal;
import dev.relay.contracts.Topics;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SignalConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String DLQ = Topics.dlq(Topics.COMPLIANCE_SIGNALS);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private TopicProbe probe;

  @BeforeEach
  void open() {
    probe = new TopicProbe(bootstrap, Topics.COMPLIANCE_LOCKS, Topics.EVENTS, DLQ);
  }

  @AfterEach
  void close() {
    probe.close();
  }

  private Envelope signal(String lockId, String kind, String action, String scope) {
    Envelope e = Envelope.of(null, null, Instant.now(), new ComplianceSignal(lockId, kind, action, scope));
    probe.sendRaw(Topics.COMPLIANCE_SIGNALS, lockId, Messages.write(e));
    return e;
  }

  private TopicProbe.Seen awaitFact(String topic, Class<?> type, String lockId) {
    return probe.await(s -> s.topic().equals(topic) && s.envelope() != null && type.isInstance(s.envelope().payload())
        && s.raw().contains("\"" + lockId + "\""), WAIT);
  }

  @Test
  void startAcquiresAndEndReleasesOnBothTopics() {
    String lock = "hold-" + UUID.randomUUID();
    String scope = "c-" + UUID.randomUUID();
    Envelope start = signal(lock, "LEGAL_HOLD", "START", scope);

    for (String topic : List.of(Topics.COMPLIANCE_LOCKS, Topics.EVENTS)) {
      TopicProbe.Seen s = awaitFact(topic, Fact.ComplianceLockAcquired.class, lock);
      assertThat(s.key()).isEqualTo(scope);
      assertThat(s.envelope().payload()).isEqualTo(new Fact.ComplianceLockAcquired(lock, "LEGAL_HOLD", scope));
      assertThat(s.envelope().causationId()).isEqualTo(start.eventId());
    }
    List<String> held = given().when().get("/locks").then().statusCode(200).extract().jsonPath().getList("lockId");
    assertThat(held).contains(lock);

    signal(lock, "LEGAL_HOLD", "END", scope);
    for (String topic : List.of(Topics.COMPLIANCE_LOCKS, Topics.EVENTS)) {
      TopicProbe.Seen s = awaitFact(topic, Fact.ComplianceLockReleased.class, lock);
      assertThat(s.key()).isEqualTo(scope);
      assertThat(s.envelope().payload())
          .isEqualTo(new Fact.ComplianceLockReleased(lock, "LEGAL_HOLD", scope, "END signal"));
    }
    held = given().when().get("/locks").then().statusCode(200).extract().jsonPath().getList("lockId");
    assertThat(held).doesNotContain(lock);
  }

  @Test
  void invalidSignalsGoToTheDlqAndTheNextIsHandled() {
    String garbage = "garbage " + UUID.randomUUID();
    probe.sendRaw(Topics.COMPLIANCE_SIGNALS, "x", garbage);
    String badLock = "bad-" + UUID.randomUUID();
    signal(badLock, "PARTY", "START", "c1");
    String lock = "audit-" + UUID.randomUUID();
    signal(lock, "AUDIT_EXPORT", "START", "*");

    probe.await(s -> s.topic().equals(DLQ) && garbage.equals(s.raw()), WAIT);
    probe.await(s -> s.topic().equals(DLQ) && s.raw().contains(badLock), WAIT);
    TopicProbe.Seen ok = awaitFact(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockAcquired.class, lock);
    assertThat(ok.key()).isEqualTo("*");
    assertThat(dlqReason(badLock)).contains("unknown kind 'PARTY'");
    assertThat(probe.seen()).noneMatch(s -> !s.topic().equals(DLQ) && s.raw().contains(badLock));
  }

  private String dlqReason(String contains) {
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(DLQ));
      long end = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < end) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          if (r.value() != null && r.value().contains(contains)) {
            Header h = r.headers().lastHeader("dead-letter-reason");
            return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
          }
        }
      }
    }
    throw new AssertionError("no DLQ record containing " + contains);
  }
}
