package dev.relay.gate.kind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/**
 * {@code builtin:message-bus}: the Kafka cluster the saga runs on answers (Admin describeCluster within the gate's
 * time limit), has a controller, at least Pass_Threshold brokers (shipped: 1), and every topic of
 * {@code relay.gates.required-topics}. Anything it cannot learn in time fails.
 */
public final class MessageBusGate implements GateKind {

  private final Optional<String> bootstrap;
  private final List<String> requiredTopics;

  public MessageBusGate(Optional<String> bootstrap, List<String> requiredTopics) {
    this.bootstrap = bootstrap;
    this.requiredTopics = List.copyOf(requiredTopics);
  }

  @Override
  public GateOutcome judge(GateCall call) {
    if (bootstrap.isEmpty()) {
      return GateOutcome.fail("kafka.bootstrap.servers is not configured");
    }
    Duration t = call.timeout();
    int ms = (int) Math.max(500, Math.min(Integer.MAX_VALUE, t.toMillis()));
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "gate-service-message-bus");
    long end = System.nanoTime() + t.toNanos();
    try (Admin admin = Admin.create(p)) {
      try {
        DescribeClusterResult d = admin.describeCluster();
        Collection<Node> nodes = d.nodes().get(left(end), TimeUnit.MILLISECONDS);
        Node controller = d.controller().get(left(end), TimeUnit.MILLISECONDS);
        Set<String> topics = admin.listTopics().names().get(left(end), TimeUnit.MILLISECONDS);
        List<String> missing = new ArrayList<>(requiredTopics.stream().filter(x -> !topics.contains(x)).toList());
        if (controller == null || controller.isEmpty()) {
          return GateOutcome.fail("the Kafka cluster at " + bootstrap.get() + " reports no controller");
        }
        if (java.math.BigDecimal.valueOf(nodes.size()).compareTo(call.gate().threshold()) < 0) {
          return GateOutcome.fail("the Kafka cluster at " + bootstrap.get() + " has " + nodes.size()
              + " broker(s), below the threshold " + call.gate().threshold().toPlainString());
        }
        if (!missing.isEmpty()) {
          return GateOutcome.fail("the Kafka cluster at " + bootstrap.get() + " lacks required topic(s) " + missing);
        }
        return GateOutcome.pass("Kafka at " + bootstrap.get() + ": " + nodes.size() + " broker(s), controller "
            + controller.id() + ", " + requiredTopics.size() + " required topics present");
      } catch (java.util.concurrent.TimeoutException e) {
        return GateOutcome.fail("the Kafka cluster at " + bootstrap.get() + " did not answer within " + t.toMillis()
            + " ms");
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        return GateOutcome.fail("the Kafka cluster at " + bootstrap.get() + " failed: " + c.getClass().getSimpleName()
            + ": " + c.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return GateOutcome.fail("interrupted while asking Kafka");
      } finally {
        admin.close(Duration.ofMillis(500));
      }
    } catch (RuntimeException e) {
      return GateOutcome.fail("cannot ask the Kafka cluster at " + bootstrap.get() + ": " + e.getMessage());
    }
  }

  private static long left(long endNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
  }
}
