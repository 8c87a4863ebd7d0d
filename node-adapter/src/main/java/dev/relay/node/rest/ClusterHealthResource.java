package dev.relay.node.rest;

import dev.relay.contracts.ClusterProfile;
import dev.relay.node.config.ClusterDirectory;
import dev.relay.node.driver.ClusterView;
import dev.relay.node.driver.Drivers;
import dev.relay.node.driver.NodeDriver;
import dev.relay.node.service.ClusterViews;
import dev.relay.node.service.Target;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /clusters/{id}/health}: the cluster view of the first node that answers. No node answering is 0% with
 * the reason; an unknown cluster is 404. gate-service's cluster-health gate reads this.
 */
@Path("/clusters/{id}/health")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterHealthResource {

  private final ClusterDirectory directory;
  private final Drivers drivers;

  public ClusterHealthResource(ClusterDirectory directory, Drivers drivers) {
    this.directory = directory;
    this.drivers = drivers;
  }

  @GET
  @Blocking
  public Response health(@PathParam("id") String id) {
    Optional<ClusterProfile> cluster = directory.find(id);
    if (cluster.isEmpty()) {
      return Response.status(404).entity(Map.of("error", "unknown cluster '" + id + "'")).build();
    }
    Optional<NodeDriver> driver = drivers.forCluster(cluster.get());
    if (driver.isEmpty()) {
      return Response.ok(down(id, "cluster '" + id + "' names driver '" + cluster.get().driver()
          + "', which node-adapter does not have")).build();
    }
    try {
      ClusterViews.Answer a = ClusterViews.anyNode(new Target(cluster.get(), null, driver.get()));
      ClusterView v = a.view();
      return Response.ok(new ClusterHealth(id, v.healthPercent(), a.via(), v.members(), v.notHealthy(),
          v.rebalancing(), v.warnings(), v.complete() ? null : v.describe())).build();
    } catch (IOException e) {
      return Response.ok(down(id, e.getMessage())).build();
    }
  }

  private static ClusterHealth down(String id, String reason) {
    return new ClusterHealth(id, 0, null, List.of(), List.of(), List.of(), List.of(), reason);
  }
}
