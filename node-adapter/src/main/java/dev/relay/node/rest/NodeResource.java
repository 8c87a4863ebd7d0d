package dev.relay.node.rest;

import dev.relay.contracts.ClusterProfile;
import dev.relay.node.jobs.JobFailure;
import dev.relay.node.driver.NodeStatus;
import dev.relay.node.service.Target;
import dev.relay.node.service.TargetResolver;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;

/** {@code GET /clusters/{id}/nodes/{node}}: the node's status, current release and patch count; unknown: 404. */
@Path("/clusters/{id}/nodes/{node}")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {

  private final TargetResolver resolver;

  public NodeResource(TargetResolver resolver) {
    this.resolver = resolver;
  }

  @GET
  @Blocking
  public Response node(@PathParam("id") String id, @PathParam("node") String nodeId) throws IOException {
    Target t;
    try {
      t = resolver.resolve(id, nodeId);
    } catch (JobFailure e) {
      return Response.status(404).entity(Map.of("error", e.getMessage())).build();
    }
    ClusterProfile c = t.cluster();
    NodeStatus status = null;
    String error = null;
    try {
      status = t.driver().status(c, t.node());
    } catch (IOException e) {
      error = e.getMessage();
    }
    return Response.ok(new NodeReport(id, nodeId, t.node().url(), t.driver().isRunning(c, t.node()), status, error,
        t.driver().currentRelease(c, t.node()).orElse(null), t.driver().patchCount(c, t.node()))).build();
  }
}
