package dev.relay.testkit;

import dev.relay.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) as its own process, for the local stack:
 * {@code java -cp ... dev.relay.testkit.StandaloneBroker <dataDir> <port> <controllerPort>}. Writes
 * server.properties, formats the storage once, starts {@code kafka.Kafka}, then creates the project's topics.
 */
public final class StandaloneBroker {

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: StandaloneBroker <dataDir> <port> <controllerPort>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    int controllerPort = Integer.parseInt(args[2]);
    Path props = writeConfig(dir, port, controllerPort);
    if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
      format(props);
    }
    Thread topics = new Thread(() -> createTopics("127.0.0.1:" + port), "create-topics");
    topics.setDaemon(true);
    topics.start();
    kafka.Kafka.main(new String[] {props.toString()});
  }

  static Path writeConfig(Path dir, int port, int controllerPort) throws IOException {
    Files.createDirectories(dir.resolve("logs"));
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("logs").toString());
    p.setProperty("num.partitions", String.valueOf(InProcessKafka.PARTITIONS));
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "3");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "3");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    Path file = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, "written by dev.relay.testkit.StandaloneBroker");
    }
    return file;
  }

  static void format(Path props) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("kafka.tools.StorageTool");
    cmd.add("format");
    cmd.add("-t");
    cmd.add("relay-local-kafka-0001");
    cmd.add("-c");
    cmd.add(props.toString());
    Process format = new ProcessBuilder(cmd).inheritIO().start();
    if (format.waitFor() != 0) {
      throw new IllegalStateException("kafka storage format failed, exit " + format.exitValue());
    }
  }

  static void createTopics(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    for (int attempt = 0; attempt < 120; attempt++) {
      try (Admin admin = Admin.create(p)) {
        InProcessKafka.createTopics(admin, Topics.all(), InProcessKafka.PARTITIONS);
        System.out.println("relay: topics ready on " + bootstrap);
        return;
      } catch (RuntimeException e) {
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
    System.err.println("relay: could not create topics on " + bootstrap);
  }

  private StandaloneBroker() {}
}
