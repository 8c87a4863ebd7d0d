package dev.relay.gate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.contracts.Command;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.GatePhase;
import dev.relay.contracts.Topics;
import dev.relay.gate.FakeUpstreamsResource;
import dev.relay.gate.Upstreams;
import dev.relay.testkit.KafkaTestResource;
import dev.relay.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeUpstreamsResource.class)
class GateCommandConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(40);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "relay.node-adapter.url")
  String nodeAdapter;

  private TopicProbe probe;

  @BeforeEach
  void open() {
    probe = new TopicProbe(bootstrap, Topics.EVENTS, Topics.dlq(Topics.GATE_COMMANDS));
  }

  @AfterEach
  void close() {
    probe.close();
  }

  private Envelope runGates(String deploymentId, int tier) {
    Envelope cmd = Envelope.of(deploymentId, "c1", Instant.now(),
        new Command.RunGates(GatePhase.PRE_FLIGHT, tier, "chat", "1.2.3", Instant.now().plusSeconds(60)));
    probe.send(Topics.GATE_COMMANDS, cmd);
    return cmd;
  }

  @Test
  void healthyClusterAndSignedArtifactPass() throws Exception {
    Upstreams.setHealth(nodeAdapter, 100);
    String d = "d-" + UUID.randomUUID();
    Envelope cmd = runGates(d, 1);

    Fact.GatesEvaluated done = probe.awaitPayload(d, Fact.GatesEvaluated.class, WAIT);
    assertThat(done.passed()).isTrue();
    assertThat(done.failedGates()).isEmpty();
    List<Envelope> events = probe.envelopes(d);
    assertThat(events).extracting(e -> e.payload().getClass().getSimpleName())
        .containsExactly("GatePassed", "GatePassed", "GatesEvaluated");
    assertThat(events).extracting(e -> ((Object) e.payload()))
        .filteredOn(p -> p instanceof Fact.GatePassed)
        .extracting(p -> ((Fact.GatePassed) p).gateId())
        .containsExactly("cluster-health", "artifact-signature");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.clusterId()).isEqualTo("c1");
      assertThat(e.causationId()).isEqualTo(cmd.eventId());
    });
    assertThat(probe.seen()).filteredOn(s -> s.envelope() != null && d.equals(s.envelope().deploymentId()))
        .allSatisfy(s -> assertThat(s.key()).isEqualTo("c1"));
  }

  @Test
  void ninetySevenPercentFailsTheAbortGate() throws Exception {
    Upstreams.setHealth(nodeAdapter, 97);
    String d = "d-" + UUID.randomUUID();
    runGates(d, 1);

    Fact.GatesEvaluated done = probe.awaitPayload(d, Fact.GatesEvaluated.class, WAIT);
    assertThat(done.passed()).isFalse();
    assertThat(done.failedGates()).containsExactly("cluster-health");
    Fact.GateFailed failed = probe.awaitPayload(d, Fact.GateFailed.class, WAIT);
    assertThat(failed.gateId()).isEqualTo("cluster-health");
    assertThat(failed.failAction()).isEqualTo("ABORT");
    assertThat(failed.reason()).contains("97");
  }

  @Test
  void tierTwoSkipsTheTierOneGate() throws Exception {
    Upstreams.setHealth(nodeAdapter, 97);
    String d = "d-" + UUID.randomUUID();
    runGates(d, 2);
    Fact.GatesEvaluated done = probe.awaitPayload(d, Fact.GatesEvaluated.class, WAIT);
    assertThat(done.passed()).isTrue();
    assertThat(probe.envelopes(d)).extracting(e -> e.payload().getClass().getSimpleName())
        .containsExactly("GatePassed", "GatesEvaluated");
  }

  @Test
  void garbageGoesToTheDlqAndTheNextCommandIsAnswered() throws Exception {
    Upstreams.setHealth(nodeAdapter, 100);
    String garbage = "{not json " + UUID.randomUUID();
    probe.sendRaw(Topics.GATE_COMMANDS, "c1", garbage);
    Envelope wrongType = Envelope.of("d-" + UUID.randomUUID(), "c1", Instant.now(),
        new Command.VerifyArtifact("chat", "1.2.3"));
    probe.send(Topics.GATE_COMMANDS, wrongType);
    String d = "d-" + UUID.randomUUID();
    runGates(d, 1);

    probe.await(s -> s.topic().equals(Topics.dlq(Topics.GATE_COMMANDS)) && garbage.equals(s.raw()), WAIT);
    probe.await(s -> s.topic().equals(Topics.dlq(Topics.GATE_COMMANDS)) && s.envelope() != null
        && wrongType.eventId().equals(s.envelope().eventId()), WAIT);
    assertThat(probe.awaitPayload(d, Fact.GatesEvaluated.class, WAIT).passed()).isTrue();
    assertThat(DlqReader.reasonFor(bootstrap, Topics.dlq(Topics.GATE_COMMANDS), garbage, WAIT))
        .contains("not a valid envelope");
  }
}
