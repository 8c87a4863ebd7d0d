package dev.relay.gate.rest;

import dev.relay.gate.service.GateEvaluation;
import dev.relay.gate.service.GateEvaluator;
import dev.relay.gate.service.GateRequest;
import dev.relay.gate.service.GateTableHolder;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Operators' view: the loaded table, and an on-demand evaluation (token required) that publishes nothing. */
@Path("/gates")
@Produces(MediaType.APPLICATION_JSON)
public class GatesResource {

  @Inject
  GateTableHolder table;

  @Inject
  GateEvaluator evaluator;

  @Inject
  ApiToken token;

  @GET
  public List<GateView> gates() {
    return table.table().gates().stream().map(GateView::of).toList();
  }

  @POST
  @Path("/evaluate")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response evaluate(@HeaderParam("Authorization") String authorization, EvaluateBody body) {
    if (!token.allows(authorization)) {
      return Response.status(Response.Status.UNAUTHORIZED)
          .entity(Map.of("error", "Authorization: Bearer <relay.api-token> required")).build();
    }
    if (body == null || body.phase() == null || body.tier() == null || (body.tier() != 1 && body.tier() != 2)) {
      return Response.status(Response.Status.BAD_REQUEST)
          .entity(Map.of("error", "body needs phase (PRE_FLIGHT, PRE_SWITCH, POST_DEPLOY) and tier (1 or 2)")).build();
    }
    if (body.group() != null && !GateRequest.GROUPS.contains(body.group())) {
      return Response.status(Response.Status.BAD_REQUEST)
          .entity(Map.of("error", "group must be blue or green, got '" + body.group() + "'")).build();
    }
    GateEvaluation ev = evaluator.evaluate(
        new GateRequest(body.cluster(), body.tier(), body.phase(), body.artifact(), body.version(), null, body.group()));
    return Response.ok(ev).build();
  }
}
