package dev.relay.compliance.kafka;

import dev.relay.compliance.lock.HeldLock;
import dev.relay.compliance.service.WatcherConfig;
import dev.relay.compliance.state.LockRecords;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Signal.ComplianceSignal;
import dev.relay.contracts.Topics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes the watcher's records and waits for each to be acknowledged (or fails naming the topic). Decides the record
 * layout: a fact goes to {@code deploy.events} keyed by the lock's scope, then the lock's state to
 * {@code compliance.locks} keyed by lock id (the same envelope, or a tombstone when released). Facts go first, so a
 * crash between the two writes repeats a fact on redelivery rather than losing it.
 */
@ApplicationScoped
public class LockPublisher {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject
  WatcherConfig config;

  private KafkaProducer<String, String> producer;

  @PostConstruct
  void open() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "compliance-watcher");
    producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  @PreDestroy
  void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /** Publishes a lock change's fact and the lock's new state; {@code after} is null for a release. */
  public void publish(Envelope fact, String lockId, HeldLock after) {
    String scope = scopeOf((Fact) fact.payload());
    String json = Messages.write(fact);
    await(producer.send(new ProducerRecord<>(Topics.EVENTS, scope, json)), Topics.EVENTS, fact);
    ProducerRecord<String, String> state = new ProducerRecord<>(Topics.COMPLIANCE_LOCKS, lockId,
        after == null ? null : json);
    if (after != null) {
      state.headers().add(LockRecords.ACQUIRED_AT, after.acquiredAt().toString().getBytes(StandardCharsets.UTF_8));
    }
    await(producer.send(state), Topics.COMPLIANCE_LOCKS, fact);
  }

  /** Publishes a signal received over REST onto compliance.signals, keyed by lock id, like any compliance system. */
  public void publishSignal(Envelope signal) {
    String lockId = ((ComplianceSignal) signal.payload()).lockId();
    await(producer.send(new ProducerRecord<>(Topics.COMPLIANCE_SIGNALS, lockId, Messages.write(signal))),
        Topics.COMPLIANCE_SIGNALS, signal);
  }

  private void await(Future<?> sent, String topic, Envelope e) {
    try {
      sent.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception ex) {
      if (ex instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not publish " + e.type() + " on " + topic + " within "
          + config.publishTimeout() + ": " + ex, ex);
    }
  }

  /** The scope a lock fact is about: the key of its record on deploy.events. */
  public static String scopeOf(Fact fact) {
    if (fact instanceof Fact.ComplianceLockAcquired a) {
      return a.scope();
    }
    if (fact instanceof Fact.ComplianceLockReleased r) {
      return r.scope();
    }
    if (fact instanceof Fact.ComplianceLockStale s) {
      return s.scope();
    }
    throw new IllegalArgumentException("not a lock fact: " + fact);
  }
}
