package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code builtin:disk-room {cluster} {artifact} {version}}: every node's disk must have room for the release: its
 * usable bytes (node-adapter {@code GET /clusters/{id}/disk}) at least Pass_Threshold times the archive's size
 * (artifact-service's record {@code GET /artifacts/{name}/{version}}, field {@code size}). A node without a figure,
 * an unknown artifact or a record without a size fails.
 */
public final class DiskRoomGate implements GateKind {

  private final Optional<String> nodeAdapter;
  private final Optional<String> nodeAdapterToken;
  private final Optional<String> artifactService;
  private final Optional<String> artifactToken;
  private final JsonCalls json;

  public DiskRoomGate(Optional<String> nodeAdapter, Optional<String> nodeAdapterToken, Optional<String> artifactService,
      Optional<String> artifactToken, JsonCalls json) {
    this.nodeAdapter = nodeAdapter;
    this.nodeAdapterToken = nodeAdapterToken;
    this.artifactService = artifactService;
    this.artifactToken = artifactToken;
    this.json = json;
  }

  @Override
  public GateOutcome judge(GateCall call) {
    String cluster = call.words().get(1);
    String what = call.words().get(2) + "@" + call.words().get(3);
    if (nodeAdapter.isEmpty() || artifactService.isEmpty()) {
      return GateOutcome.fail("relay.node-adapter.url and relay.artifact-service.url are both needed");
    }
    long size;
    JsonNode disk;
    try {
      JsonNode record = json.get(JsonCalls.base(artifactService.get()) + "/artifacts/" + call.words().get(2) + "/"
          + call.words().get(3), artifactToken, call.timeout());
      if (!record.path("size").canConvertToLong() || record.path("size").asLong() <= 0) {
        return GateOutcome.fail("artifact-service's record of " + what + " has no positive size");
      }
      size = record.get("size").asLong();
      disk = json.get(JsonCalls.base(nodeAdapter.get()) + "/clusters/" + cluster + "/disk", nodeAdapterToken,
          call.timeout());
    } catch (HttpCalls.CallFailed e) {
      return GateOutcome.fail(e.getMessage());
    }
    JsonNode nodes = disk.get("nodes");
    if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
      return GateOutcome.fail("node-adapter's disk report of " + cluster + " lists no nodes");
    }
    BigDecimal need = call.gate().threshold().multiply(BigDecimal.valueOf(size));
    List<String> bad = new ArrayList<>();
    long least = Long.MAX_VALUE;
    for (JsonNode n : nodes) {
      String node = n.path("node").asText("?");
      JsonNode usable = n.get("usableBytes");
      if (usable == null || !usable.canConvertToLong()) {
        bad.add(node + " reports no usableBytes" + (n.hasNonNull("error") ? " (" + n.get("error").asText() + ")" : ""));
        continue;
      }
      least = Math.min(least, usable.asLong());
      if (BigDecimal.valueOf(usable.asLong()).compareTo(need) < 0) {
        bad.add(node + " has " + usable.asLong() + " bytes usable");
      }
    }
    String rule = call.gate().threshold().toPlainString() + " x " + size + " bytes of " + what + " = "
        + need.toBigInteger() + " bytes";
    if (!bad.isEmpty()) {
      return GateOutcome.fail("not enough disk room on " + cluster + " for " + rule + ": "
          + Numbers.clip(String.join("; ", bad), 500));
    }
    return GateOutcome.pass("every node of " + cluster + " has room for " + rule + " (least usable: " + least + ")");
  }
}
