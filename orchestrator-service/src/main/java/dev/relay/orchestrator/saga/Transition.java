package dev.relay.orchestrator.saga;

import dev.relay.contracts.Message;
import java.util.List;

/** The result of one step: the new state (null when the input started nothing) and what to send, in order. */
public record Transition(Saga state, List<Message> out) {

  public Transition {
    out = List.copyOf(out);
  }

  public static Transition unchanged(Saga state) {
    return new Transition(state, List.of());
  }
}
