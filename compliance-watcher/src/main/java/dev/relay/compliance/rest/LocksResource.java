package dev.relay.compliance.rest;

import dev.relay.compliance.lock.HeldLock;
import dev.relay.compliance.service.LockKeeper;
import dev.relay.contracts.MalformedMessageException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /locks} (every held lock, or with {@code ?scope=<cluster>} the locks that hold that cluster: its own and
 * the global ones; 503 until restored) and {@code POST /locks/{lockId}/override} (token; an operator releases a held
 * lock, recorded in ComplianceLockReleased.releasedBy; 404 when not held).
 */
@Path("/locks")
@Produces(MediaType.APPLICATION_JSON)
public class LocksResource {

  @Inject
  LockKeeper keeper;

  @GET
  public List<HeldLock> held(@QueryParam("scope") String scope) {
    if (scope == null) {
      return keeper.held();
    }
    if (scope.isBlank()) {
      throw new MalformedMessageException("scope is blank: give a cluster id, or leave it out for every lock");
    }
    return keeper.holding(scope);
  }

  @POST
  @Path("/{lockId}/override")
  @Consumes(MediaType.APPLICATION_JSON)
  @TokenRequired
  public Response override(@PathParam("lockId") String lockId, OverrideRequest body) {
    if (body == null || blank(body.operator()) || blank(body.reason())) {
      throw new MalformedMessageException("an override needs {operator, reason}, both non-blank");
    }
    return keeper.override(lockId, body.operator().strip(), body.reason().strip(), Instant.now())
        .map(released -> Response.ok(released).build())
        .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND, "lock " + lockId + " is not held"));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
