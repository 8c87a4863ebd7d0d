package dev.relay.compliance.service;

import dev.relay.compliance.state.LockRecords;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Topics;
import dev.relay.testkit.InProcessKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes compliance.locks as a previous run of the watcher would have left it, before the app starts: a live lock, a
 * stale one, a released one (value then tombstone) and an unreadable record. Hands the lock ids to the test as config.
 */
public class SeedLockState implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String run = UUID.randomUUID().toString();
    String live = "seed-live-" + run;
    String stale = "seed-stale-" + run;
    String released = "seed-released-" + run;
    String garbage = "seed-garbage-" + run;
    String cluster = "seed-c-" + run;
    Instant acquired = Instant.now().minusSeconds(3600);
    try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, InProcessKafka.shared().bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      send(p, live, value(cluster, new Fact.ComplianceLockAcquired(live, "LEGAL_HOLD", cluster), acquired), acquired);
      send(p, stale, value("*", new Fact.ComplianceLockAcquired(stale, "AUDIT_EXPORT", "*"), acquired), acquired);
      send(p, stale, value("*", new Fact.ComplianceLockStale(stale, "AUDIT_EXPORT", "*", acquired.plusSeconds(60)),
          acquired.plusSeconds(400)), acquired);
      send(p, released, value(cluster, new Fact.ComplianceLockAcquired(released, "LEGAL_HOLD", cluster), acquired),
          acquired);
      send(p, released, null, null);
      send(p, garbage, "{not an envelope", null);
      p.flush();
    }
    return Map.of("seed.live", live, "seed.stale", stale, "seed.released", released, "seed.garbage", garbage,
        "seed.cluster", cluster, "seed.acquired", acquired.toString());
  }

  private static String value(String scope, Fact f, Instant at) {
    return Messages.write(Envelope.of(null, scope, at, f));
  }

  private static void send(KafkaProducer<String, String> p, String key, String value, Instant acquired) {
    ProducerRecord<String, String> r = new ProducerRecord<>(Topics.COMPLIANCE_LOCKS, key, value);
    if (acquired != null) {
      r.headers().add(LockRecords.ACQUIRED_AT, acquired.toString().getBytes(StandardCharsets.UTF_8));
    }
    try {
      p.send(r).get();
    } catch (Exception e) {
      throw new IllegalStateException("seeding compliance.locks failed: " + e, e);
    }
  }

  @Override
  public void stop() {}
}
