package dev.relay.orchestrator.saga;

import dev.relay.contracts.Command.NodeCommand;
import dev.relay.contracts.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Drives the pure saga in tests with a clock the test controls, and keeps every message it sent. */
final class SagaHarness {

  static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  final RollingUpdateSaga saga;
  Saga state;
  Instant now = T0;
  final List<Message> sent = new ArrayList<>();
  List<Message> last = List.of();

  SagaHarness(SagaPolicy policy, List<String> nodes) {
    this.saga = new RollingUpdateSaga(policy);
    record(saga.start("d-1", "c1", "sandbox-node", "1.1.0", 1, Strategy.ROLLING_UPDATE, nodes, now));
  }

  SagaHarness(List<String> nodes) {
    this(SagaPolicy.defaults(), nodes);
  }

  SagaHarness given(Message input) {
    record(saga.on(state, input, now));
    return this;
  }

  SagaHarness after(Duration d) {
    now = now.plus(d);
    return this;
  }

  /** Lets time pass in ticks of one second, as the punctuator would. */
  SagaHarness tickFor(Duration d) {
    Instant end = now.plus(d);
    while (now.isBefore(end)) {
      now = now.plusSeconds(1);
      record(saga.tick(state, now));
    }
    return this;
  }

  private void record(Transition t) {
    assert t.state() != null;
    state = t.state();
    last = t.out();
    sent.addAll(t.out());
  }

  <T> List<T> sentOf(Class<T> type) {
    return sent.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T> T lastOf(Class<T> type) {
    List<T> all = sentOf(type);
    if (all.isEmpty()) {
      throw new AssertionError("no " + type.getSimpleName() + " sent; sent: " + sent);
    }
    return all.get(all.size() - 1);
  }

  List<NodeCommand> nodeCommands() {
    return sentOf(NodeCommand.class);
  }
}
