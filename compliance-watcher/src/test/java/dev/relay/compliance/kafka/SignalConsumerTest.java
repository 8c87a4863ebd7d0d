package dev.relay.compliance.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.compliance.LockProbe;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Topics;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SignalConsumerTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private LockProbe locks;

  @BeforeEach
  void open() {
    locks = new LockProbe(bootstrap);
  }

  @AfterEach
  void close() {
    locks.close();
  }

  @Test
  void startAcquiresAndEndReleases_stateKeyedByLockFactsByScope() {
    String lock = "hold-" + UUID.randomUUID();
    String scope = "c-" + UUID.randomUUID();
    Envelope start = locks.signal(lock, "LEGAL_HOLD", "START", scope);

    TopicProbe.Seen state = locks.awaitFact(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockAcquired.class, lock);
    TopicProbe.Seen fact = locks.awaitFact(Topics.EVENTS, Fact.ComplianceLockAcquired.class, lock);
    assertThat(state.key()).isEqualTo(lock);
    assertThat(fact.key()).isEqualTo(scope);
    assertThat(state.raw()).as("the same envelope on both topics").isEqualTo(fact.raw());
    assertThat(state.envelope().payload()).isEqualTo(new Fact.ComplianceLockAcquired(lock, "LEGAL_HOLD", scope));
    assertThat(state.envelope().clusterId()).isEqualTo(scope);
    assertThat(state.envelope().causationId()).isEqualTo(start.eventId());
    List<String> held = given().when().get("/locks").then().statusCode(200).extract().jsonPath().getList("lockId");
    assertThat(held).contains(lock);

    locks.signal(lock, "LEGAL_HOLD", "END", scope);
    TopicProbe.Seen released = locks.awaitFact(Topics.EVENTS, Fact.ComplianceLockReleased.class, lock);
    assertThat(released.key()).isEqualTo(scope);
    assertThat(released.envelope().payload())
        .isEqualTo(new Fact.ComplianceLockReleased(lock, "LEGAL_HOLD", scope, "END signal"));
    assertThat(locks.awaitTombstone(lock).key()).isEqualTo(lock);
    assertThat(locks.facts(Topics.COMPLIANCE_LOCKS, Fact.ComplianceLockReleased.class, lock))
        .as("a release is a tombstone on compliance.locks, not a value").isEmpty();
    held = given().when().get("/locks").then().statusCode(200).extract().jsonPath().getList("lockId");
    assertThat(held).doesNotContain(lock);
  }

  @Test
  void invalidSignalsGoToTheDlqAndTheNextIsHandled() {
    String garbage = "garbage " + UUID.randomUUID();
    locks.probe.sendRaw(Topics.COMPLIANCE_SIGNALS, "x", garbage);
    String badLock = "bad-" + UUID.randomUUID();
    locks.signal(badLock, "PARTY", "START", "c1");
    String notASignal = "fact-" + UUID.randomUUID();
    locks.probe.sendRaw(Topics.COMPLIANCE_SIGNALS, notASignal, Messages.write(Envelope.of(null, "c1",
        java.time.Instant.now(), new Fact.ComplianceLockAcquired(notASignal, "LEGAL_HOLD", "c1"))));
    String lock = "audit-" + UUID.randomUUID();
    locks.signal(lock, "AUDIT_EXPORT", "START", "*");

    locks.probe.await(s -> s.topic().equals(LockProbe.DLQ) && garbage.equals(s.raw()), LockProbe.WAIT);
    locks.probe.await(s -> s.topic().equals(LockProbe.DLQ) && s.raw().contains(badLock), LockProbe.WAIT);
    TopicProbe.Seen ok = locks.awaitFact(Topics.EVENTS, Fact.ComplianceLockAcquired.class, lock);
    assertThat(ok.key()).isEqualTo("*");
    assertThat(dlqReason(badLock)).contains("unknown kind 'PARTY'");
    assertThat(dlqReason(notASignal)).contains("expected ComplianceSignal");
    assertThat(locks.probe.seen()).noneMatch(s -> !s.topic().equals(LockProbe.DLQ) && s.raw() != null
        && s.raw().contains(badLock));
    locks.signal(lock, "AUDIT_EXPORT", "END", "*");
    locks.awaitTombstone(lock);
  }

  private String dlqReason(String contains) {
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(LockProbe.DLQ));
      long end = System.nanoTime() + LockProbe.WAIT.toNanos();
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
