package dev.relay.gate.kind;

import dev.relay.gate.table.GateDefinition;
import dev.relay.gate.table.GateTableLoader;
import java.time.Duration;
import java.util.Map;

/** Test helper: a one-row table, and a call for it with the placeholders filled. */
final class Gates {

  private Gates() {}

  static GateDefinition gate(String command, String threshold) {
    String csv = "Gate_ID,Script_Command,Pass_Threshold,Fail_Action,Deployment_Tier\n"
        + "g,\"" + command.replace("\"", "\"\"") + "\"," + threshold + ",ABORT,ALL\n";
    return GateTableLoader.parse("test", csv).gates().get(0);
  }

  static GateCall call(String command, String threshold, Duration timeout) {
    GateDefinition g = gate(command, threshold);
    Map<String, String> values = Map.of("cluster", "c1", "artifact", "chat", "version", "1.2.3", "tier", "1",
        "phase", "PRE_FLIGHT");
    return new GateCall(g, g.template().fill(values), values, timeout);
  }
}
