package dev.relay.node.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.ClusterProfile;
import dev.relay.node.service.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks every node of a cluster (its nodes, then its green nodes) for its own /status, side by side, each within a
 * second. Decides nothing about the answers: gate-service judges them.
 */
public final class Inventory {

  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);

  private final RawNodeHttp http = new RawNodeHttp();

  public List<InventoryEntry> of(Target t) {
    ClusterProfile c = t.cluster();
    List<CompletableFuture<InventoryEntry>> asks = new ArrayList<>();
    for (ClusterProfile.Node n : c.nodes() == null ? List.<ClusterProfile.Node>of() : c.nodes()) {
      asks.add(CompletableFuture.supplyAsync(() -> entry(t, n, "nodes")));
    }
    for (ClusterProfile.Node n : c.green() == null ? List.<ClusterProfile.Node>of() : c.green()) {
      asks.add(CompletableFuture.supplyAsync(() -> entry(t, n, "green")));
    }
    return asks.stream().map(CompletableFuture::join).toList();
  }

  private InventoryEntry entry(Target t, ClusterProfile.Node n, String group) {
    boolean running;
    try {
      running = t.driver().isRunning(t.cluster(), n);
    } catch (IOException | RuntimeException e) {
      running = false;
    }
    try {
      JsonNode status = http.json(n.url() + "/status", STATUS_TIMEOUT);
      return new InventoryEntry(n.id(), group, n.url(), running, status, null);
    } catch (IOException | RuntimeException e) {
      return new InventoryEntry(n.id(), group, n.url(), running, null, e.getMessage());
    }
  }
}
