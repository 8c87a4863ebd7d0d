package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every node of a cluster with its own {@code /status}, as node-adapter's {@code GET /clusters/{id}/inventory}
 * reports them. Decides what a readable inventory is: a JSON object with a non-empty {@code nodes} array whose
 * entries name their node.
 */
public final class NodeInventory {

  /**
   * One node.
   *
   * @param group "nodes" (Tier 1 and blue) or "green"
   * @param status the node's own /status as it answered (null when it did not)
   * @param statusError why there is no status
   */
  public record Entry(String node, String group, String url, boolean running, JsonNode status, String statusError) {

    /** The text of a status field, or null when absent. */
    public String text(String field) {
      return status == null || !status.hasNonNull(field) ? null : status.get(field).asText();
    }

    public String why() {
      return statusError == null ? "no /status" : statusError;
    }
  }

  private final Optional<String> baseUrl;
  private final Optional<String> token;
  private final JsonCalls json;

  public NodeInventory(Optional<String> baseUrl, Optional<String> token, JsonCalls json) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.json = json;
  }

  /** The nodes; throws with the reason when there is no usable inventory. */
  public List<Entry> of(String cluster, Duration timeout) throws HttpCalls.CallFailed {
    if (baseUrl.isEmpty()) {
      throw new HttpCalls.CallFailed("relay.node-adapter.url is not configured");
    }
    JsonNode body = json.get(JsonCalls.base(baseUrl.get()) + "/clusters/" + cluster + "/inventory", token, timeout);
    JsonNode nodes = body.get("nodes");
    if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
      throw new HttpCalls.CallFailed("node-adapter's inventory of cluster " + cluster + " lists no nodes");
    }
    List<Entry> out = new ArrayList<>();
    for (JsonNode n : nodes) {
      if (!n.hasNonNull("node")) {
        throw new HttpCalls.CallFailed("node-adapter's inventory of cluster " + cluster + " has an entry without "
            + "'node'");
      }
      JsonNode status = n.get("status");
      out.add(new Entry(n.get("node").asText(), n.hasNonNull("group") ? n.get("group").asText() : "nodes",
          n.hasNonNull("url") ? n.get("url").asText() : null, n.path("running").asBoolean(false),
          status == null || !status.isObject() ? null : status,
          n.hasNonNull("statusError") ? n.get("statusError").asText() : null));
    }
    return out;
  }
}
