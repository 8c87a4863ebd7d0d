package dev.relay.node.inventory;

import dev.relay.contracts.ClusterProfile;
import dev.relay.node.config.ClusterDirectory;
import dev.relay.node.driver.Drivers;
import dev.relay.node.driver.NodeDriver;
import dev.relay.node.service.Target;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What gate-service's gates read about a cluster's nodes, and the chaos run:
 * <ul>
 *   <li>{@code GET /clusters/{id}/inventory}: every node (then every green node) with its own /status as it
 *       answered ({@code {"clusterId","nodes":[{"node","group","url","running","status","statusError"}]}});</li>
 *   <li>{@code GET /clusters/{id}/disk}: {@code {"nodes":[{"node","usableBytes"}]}} from each node's
 *       {@code diskUsableBytes} ({@code "error"} in place of a node that does not report it);</li>
 *   <li>{@code GET /clusters/{id}/on-version/{version}}: a bare number (text/plain or JSON), the whole percent (floored) of the cluster's nodes
 *       (with {@code ?group=blue|green|nodes}, of that group: the one the deployment went to; without it, its green nodes when it has any) whose /status reports that version; a node that does not answer counts as not on it;</li>
 *   <li>{@code POST /clusters/{id}/chaos?fraction=0.3&downMs=5000&deadlineMs=60000[&group=blue|green|nodes]}: see {@link Chaos}.</li>
 * </ul>
 * Unknown cluster: 404. A bad chaos parameter: 400 naming it.
 */
@Path("/clusters/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class InventoryResource {

  private static final Logger LOG = Logger.getLogger(InventoryResource.class);

  private final ClusterDirectory directory;
  private final Drivers drivers;
  private final Inventory inventory = new Inventory();
  private final Chaos chaos = new Chaos();

  public InventoryResource(ClusterDirectory directory, Drivers drivers) {
    this.directory = directory;
    this.drivers = drivers;
  }

  private Optional<Target> target(String id) {
    Optional<ClusterProfile> c = directory.find(id);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    Optional<NodeDriver> d = drivers.forCluster(c.get());
    return d.map(driver -> new Target(c.get(), null, driver));
  }

  /**
   * The inventory group ("nodes" or "green") a gate asks about: the group a deployment went to, {@code blue} (the
   * profile's nodes), {@code green}, or {@code nodes} (Tier 1: the whole cluster). Without one, as before the
   * parameter existed: green when the cluster has green nodes, else its nodes.
   */
  static String inventoryGroup(String group, ClusterProfile c) {
    boolean hasGreen = c.green() != null && !c.green().isEmpty();
    if (group == null || group.isBlank()) {
      return hasGreen ? "green" : "nodes";
    }
    return switch (group) {
      case "blue", "nodes" -> "nodes";
      case "green" -> {
        if (!hasGreen) {
          throw new IllegalArgumentException("cluster '" + c.id() + "' has no green nodes; group=green names none");
        }
        yield "green";
      }
      default -> throw new IllegalArgumentException("group must be blue, green or nodes, got '" + group + "'");
    };
  }

  private static Response unknown(String id) {
    return Response.status(404).entity(Map.of("error", "unknown cluster '" + id + "' (or no driver for it)")).build();
  }

  @GET
  @Path("/inventory")
  @Blocking
  public Response inventory(@PathParam("id") String id) {
    Optional<Target> t = target(id);
    if (t.isEmpty()) {
      return unknown(id);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clusterId", id);
    body.put("nodes", inventory.of(t.get()));
    return Response.ok(body).build();
  }

  @GET
  @Path("/disk")
  @Blocking
  public Response disk(@PathParam("id") String id) {
    Optional<Target> t = target(id);
    if (t.isEmpty()) {
      return unknown(id);
    }
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (InventoryEntry e : inventory.of(t.get())) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("node", e.node());
      if (e.status() != null && e.status().path("diskUsableBytes").canConvertToLong()) {
        n.put("usableBytes", e.status().get("diskUsableBytes").asLong());
      } else {
        n.put("error", e.status() == null ? e.statusError() : "its /status reports no diskUsableBytes");
      }
      nodes.add(n);
    }
    return Response.ok(Map.of("clusterId", id, "nodes", nodes)).build();
  }

  @GET
  @Path("/on-version/{version}")
  @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
  @Blocking
  public Response onVersion(@PathParam("id") String id, @PathParam("version") String version,
      @QueryParam("group") String group) {
    Optional<Target> t = target(id);
    if (t.isEmpty()) {
      return Response.status(404).entity(Map.of("error", "unknown cluster '" + id + "'")).build();
    }
    List<InventoryEntry> all = inventory.of(t.get());
    String which;
    try {
      which = inventoryGroup(group, t.get().cluster());
    } catch (IllegalArgumentException e) {
      return Response.status(400).entity(Map.of("error", e.getMessage())).build();
    }
    List<InventoryEntry> nodes = all.stream().filter(e -> e.group().equals(which)).toList();
    long on = nodes.stream().filter(e -> version.equals(e.version())).count();
    int percent = nodes.isEmpty() ? 0 : (int) Math.floor(100.0 * on / nodes.size());
    return Response.ok(percent).build(); // a bare number: the same text as plain text and as JSON
  }

  @POST
  @Path("/chaos")
  @Blocking
  public Response chaos(@PathParam("id") String id, @QueryParam("fraction") Double fraction,
      @QueryParam("downMs") Long downMs, @QueryParam("deadlineMs") Long deadlineMs,
      @QueryParam("group") String group) {
    Optional<Target> t = target(id);
    if (t.isEmpty()) {
      return unknown(id);
    }
    String which;
    try {
      which = inventoryGroup(group, t.get().cluster());
    } catch (IllegalArgumentException e) {
      return Response.status(400).entity(Map.of("error", e.getMessage())).build();
    }
    if (fraction == null || !(fraction > 0 && fraction <= 1)) {
      return Response.status(400).entity(Map.of("error", "fraction must be in (0, 1], got " + fraction)).build();
    }
    if (downMs == null || downMs < 0 || deadlineMs == null || deadlineMs <= 0) {
      return Response.status(400).entity(Map.of("error", "downMs (>= 0) and deadlineMs (> 0) are required, got "
          + downMs + " and " + deadlineMs)).build();
    }
    Chaos.Result r = chaos.run(t.get(), "green".equals(which), fraction, Duration.ofMillis(downMs),
        Duration.ofMillis(deadlineMs));
    LOG.infof("chaos on %s: killed %s, %d writes, %d failed (%d lost), healthy %s, %.1f s%s", id, r.killed(),
        r.writes(), r.failedWrites(), r.lostWrites(), r.allHealthy(), r.seconds(),
        r.reason() == null ? "" : ": " + r.reason());
    return Response.ok(r).build();
  }
}
