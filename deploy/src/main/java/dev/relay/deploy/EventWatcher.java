package dev.relay.deploy;

import dev.relay.contracts.Command.DrainNode;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.RebalanceComplete;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the dashboard topic (and the node command topic, to time the orchestrator) as a dashboard would: committed
 * records only. Keeps what it saw and measures the orchestrator's own overhead per step: from a RebalanceComplete
 * (its record timestamp, set by node-adapter) to the moment the next DrainNode is readable by node-adapter.
 */
public final class EventWatcher implements AutoCloseable {

  /** One record seen: when it was written, when we could read it, and the envelope. */
  public record Seen(String topic, long writtenAt, long readAt, Envelope envelope) {}

  private final KafkaConsumer<String, String> consumer;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Consumer<Seen> listener = s -> {};

  public EventWatcher(String bootstrap) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "relay-watcher-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(Topics.EVENTS, Topics.NODE_COMMANDS));
    long end = System.currentTimeMillis() + 30_000;
    while (consumer.assignment().isEmpty() && System.currentTimeMillis() < end) {
      consumer.poll(Duration.ofMillis(100));
    }
    if (consumer.assignment().isEmpty()) {
      throw new IllegalStateException("could not subscribe to " + Topics.EVENTS + " within 30 s");
    }
    consumer.seekToEnd(consumer.assignment());
    consumer.assignment().forEach(consumer::position);
    thread = new Thread(this::loop, "event-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  public void onEach(Consumer<Seen> l) {
    this.listener = l;
  }

  private void loop() {
    try {
      while (running) {
        for (var r : consumer.poll(Duration.ofMillis(50))) {
          long readAt = System.currentTimeMillis();
          try {
            Seen s = new Seen(r.topic(), r.timestamp(), readAt, Messages.read(r.value()));
            seen.add(s);
            listener.accept(s);
          } catch (MalformedMessageException e) {
            // not ours to judge here
          }
        }
      }
    } finally {
      consumer.close();
    }
  }

  public List<Seen> of(String deploymentId) {
    return seen.stream().filter(s -> deploymentId.equals(s.envelope().deploymentId())).toList();
  }

  /** The terminal fact of a deployment, waiting up to the timeout; null when none came. */
  public Fact awaitEnd(String deploymentId, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (Seen s : of(deploymentId)) {
        if (s.envelope().payload() instanceof Fact.Terminal) { // RolledBack and Expired end a deployment too
          return (Fact) s.envelope().payload();
        }
      }
      Thread.sleep(50);
    }
    return null;
  }

  /** Milliseconds from each RebalanceComplete to the next DrainNode becoming readable, for one deployment. */
  public List<Long> stepOverheadsMs(String deploymentId) {
    List<Long> out = new ArrayList<>();
    Seen lastHealthy = null;
    for (Seen s : of(deploymentId)) {
      if (s.envelope().payload() instanceof RebalanceComplete) {
        lastHealthy = s;
      } else if (s.envelope().payload() instanceof DrainNode && lastHealthy != null) {
        out.add(s.readAt() - lastHealthy.writtenAt());
        lastHealthy = null;
      }
    }
    return out;
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
