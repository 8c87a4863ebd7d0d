package dev.relay.node.inventory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One node of a cluster as node-adapter finds it.
 *
 * @param node the node id
 * @param group "nodes" (Tier 1, or blue) or "green"
 * @param url its base URL from the profile
 * @param running whether the driver sees its process running
 * @param status its own {@code GET /status}, every field as it answered (null when it did not)
 * @param statusError why there is no status
 */
public record InventoryEntry(String node, String group, String url, boolean running, JsonNode status,
    String statusError) {

  /** The version it reports running, or null. */
  public String version() {
    return status == null || !status.hasNonNull("version") ? null : status.get("version").asText();
  }
}
