package dev.relay.compliance;

import dev.relay.contracts.Envelope;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Signal.ComplianceSignal;
import dev.relay.contracts.Topics;
import dev.relay.testkit.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test helper: sends compliance signals and finds the watcher's records for one lock on the probe. */
public final class LockProbe implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(40);
  public static final String DLQ = Topics.dlq(Topics.COMPLIANCE_SIGNALS);

  public final TopicProbe probe;

  public LockProbe(String bootstrap) {
    probe = new TopicProbe(bootstrap, Topics.COMPLIANCE_LOCKS, Topics.EVENTS, DLQ);
  }

  public Envelope signal(String lockId, String kind, String action, String scope) {
    Envelope e = Envelope.of(null, null, Instant.now(), new ComplianceSignal(lockId, kind, action, scope));
    probe.sendRaw(Topics.COMPLIANCE_SIGNALS, lockId, Messages.write(e));
    return e;
  }

  /** The records of one lock's facts of one type on one topic, in arrival order. */
  public List<TopicProbe.Seen> facts(String topic, Class<?> type, String lockId) {
    return probe.seen().stream().filter(s -> isFact(s, topic, type, lockId)).toList();
  }

  public TopicProbe.Seen awaitFact(String topic, Class<?> type, String lockId) {
    return probe.await(s -> isFact(s, topic, type, lockId), WAIT);
  }

  /** Waits for the n-th such fact (1-based). */
  public TopicProbe.Seen awaitFact(String topic, Class<?> type, String lockId, int n) {
    probe.await(s -> facts(topic, type, lockId).size() >= n, WAIT);
    return facts(topic, type, lockId).get(n - 1);
  }

  /** Waits for the tombstone of a lock on compliance.locks. */
  public TopicProbe.Seen awaitTombstone(String lockId) {
    return probe.await(s -> s.topic().equals(Topics.COMPLIANCE_LOCKS) && lockId.equals(s.key()) && s.raw() == null,
        WAIT);
  }

  private static boolean isFact(TopicProbe.Seen s, String topic, Class<?> type, String lockId) {
    return s.topic().equals(topic) && s.envelope() != null && type.isInstance(s.envelope().payload())
        && s.raw().contains("\"lockId\":\"" + lockId + "\"");
  }

  @Override
  public void close() {
    probe.close();
  }
}
