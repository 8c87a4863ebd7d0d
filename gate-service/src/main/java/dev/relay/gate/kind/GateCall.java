package dev.relay.gate.kind;

import dev.relay.gate.table.GateDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One gate ready to judge: its row, its command words with the placeholders filled, the values they were filled
 * from, and how long the judgement may take.
 */
public record GateCall(GateDefinition gate, List<String> words, Map<String, String> values, Duration timeout) {

  public GateCall {
    words = List.copyOf(words);
    values = Map.copyOf(values);
  }
}
