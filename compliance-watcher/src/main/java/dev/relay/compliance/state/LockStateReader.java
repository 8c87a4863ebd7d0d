package dev.relay.compliance.state;

import dev.relay.compliance.lock.HeldLock;
import dev.relay.contracts.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Rebuilds the held locks from the compacted {@code compliance.locks} topic: every partition from its beginning to
 * the end offsets taken when the read starts (read_committed, no consumer group), the last record per key wins, a
 * tombstone removes the key. Decides nothing else; a read that does not reach the end offsets within its deadline
 * fails with the partitions still behind.
 */
public final class LockStateReader {

  private final String bootstrap;
  private final String topic;

  public LockStateReader(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  public RestoredState read(Duration timeout, Instant now) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "compliance-watcher-restore");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<PartitionInfo> infos = c.partitionsFor(topic, remaining(deadline));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist: cannot restore the held locks");
      }
      List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, remaining(deadline)));
      Map<String, HeldLock> locks = new LinkedHashMap<>();
      List<String> problems = new ArrayList<>();
      long records = 0;
      while (!caughtUp(c, end, deadline)) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
          records++;
          apply(r, locks, problems, now);
        }
      }
      return new RestoredState(List.copyOf(locks.values()), records, List.copyOf(problems));
    }
  }

  private void apply(ConsumerRecord<String, String> r, Map<String, HeldLock> locks, List<String> problems,
      Instant now) {
    if (r.key() == null) {
      problems.add(where(r) + " has no key; ignored");
      return;
    }
    if (r.value() == null) {
      locks.remove(r.key());
      return;
    }
    Header h = r.headers().lastHeader(LockRecords.ACQUIRED_AT);
    String acquiredAt = h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    try {
      locks.put(r.key(), LockRecords.read(r.key(), r.value(), acquiredAt));
    } catch (MalformedMessageException e) {
      problems.add(where(r) + " key " + r.key() + ": " + e.getMessage()
          + "; held as an UNREADABLE lock on every cluster until its END or an override");
      locks.put(r.key(), LockRecords.unreadable(r.key(), now));
    }
  }

  private boolean caughtUp(KafkaConsumer<String, String> c, Map<TopicPartition, Long> end, long deadline) {
    List<String> behind = new ArrayList<>();
    for (var e : end.entrySet()) {
      long position = c.position(e.getKey(), remaining(deadline));
      if (position < e.getValue()) {
        behind.add(e.getKey() + " at " + position + " of " + e.getValue());
      }
    }
    if (behind.isEmpty()) {
      return true;
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("restore of " + topic + " did not reach the end offsets in time: " + behind);
    }
    return false;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
  }

  private static String where(ConsumerRecord<String, String> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }
}
