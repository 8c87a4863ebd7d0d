package dev.relay.testkit;

import dev.relay.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker (combined KRaft broker and controller) inside this JVM, on a free port. Tests share one
 * per JVM through {@link #shared()}.
 */
public final class InProcessKafka implements AutoCloseable {

  public static final int PARTITIONS = 3;

  private static InProcessKafka shared;

  /** Brokers started in this JVM, closed by one shutdown hook. */
  private static final List<InProcessKafka> RUNNING = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Kafka's own shutdown hooks (the test kit deletes its folders in them), run after the brokers are closed. */
  private static final List<Runnable> AFTER_BROKERS = new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    // Kafka's test kit deletes its temporary folders in shutdown hooks of its own, which the JVM runs at the same time
    // as the hook that stops the broker; a broker that finds its log folder gone halts the JVM with status 1, and
    // surefire reports a crashed fork after every test passed (seen on a loaded 2-core machine). Its hooks are taken
    // here and run in order: first every broker is closed, then the folders are deleted.
    org.apache.kafka.common.utils.Exit.setShutdownHookAdder((name, hook) -> AFTER_BROKERS.add(hook));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (InProcessKafka k : RUNNING) {
        k.close();
      }
      for (Runnable hook : AFTER_BROKERS) {
        try {
          hook.run();
        } catch (RuntimeException e) {
          // a folder left behind in /tmp; nothing more to do while the JVM goes down
        }
      }
    }, "in-process-kafka-stop"));
  }

  private final KafkaClusterTestKit cluster;

  private InProcessKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** The JVM's broker, started on first use with every topic of {@link Topics#all()}; stopped when the JVM exits. */
  public static synchronized InProcessKafka shared() {
    if (shared == null) {
      shared = start();
      shared.createTopics(Topics.all());
    }
    return shared;
  }

  public static InProcessKafka start() {
    try {
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
          .build();
      KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "3")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("transaction.state.log.num.partitions", "3")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("auto.create.topics.enable", "false")
          .setConfigProp("num.partitions", String.valueOf(PARTITIONS))
          .setConfigProp("unstable.api.versions.enable", "false")
          .setConfigProp("unstable.feature.versions.enable", "false")
          .build();
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      InProcessKafka broker = new InProcessKafka(kit);
      RUNNING.add(broker);
      return broker;
    } catch (Exception e) {
      throw new IllegalStateException("in-process Kafka broker did not start: " + e, e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  public void createTopics(List<String> topics) {
    try (Admin admin = admin()) {
      createTopics(admin, topics, PARTITIONS);
    }
  }

  /** Creates the topics that do not exist yet; compacted where {@link Topics#compacted} says so. */
  public static void createTopics(Admin admin, List<String> topics, int partitions) {
    List<NewTopic> wanted = new ArrayList<>();
    for (String t : topics) {
      NewTopic nt = new NewTopic(t, partitions, (short) 1);
      if (Topics.compacted(t)) {
        nt.configs(Map.of("cleanup.policy", "compact"));
      }
      wanted.add(nt);
    }
    for (var entry : admin.createTopics(wanted).values().entrySet()) {
      try {
        entry.getValue().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (!RUNNING.remove(this)) {
      return; // closed already
    }
    try {
      cluster.close();
    } catch (Exception e) {
      // the JVM is going down; nothing more to do
    }
  }
}
