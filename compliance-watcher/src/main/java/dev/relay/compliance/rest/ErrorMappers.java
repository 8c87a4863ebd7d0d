package dev.relay.compliance.rest;

import dev.relay.compliance.service.NotReadyException;
import dev.relay.contracts.MalformedMessageException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Decides the HTTP answer for the watcher's refusals: bad input 400, not restored yet 503, publish failure 503. */
public class ErrorMappers {

  @ServerExceptionMapper
  public Response malformed(MalformedMessageException e) {
    return error(Response.Status.BAD_REQUEST, e.getMessage());
  }

  @ServerExceptionMapper
  public Response notReady(NotReadyException e) {
    return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  @ServerExceptionMapper
  public Response unavailable(IllegalStateException e) {
    return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  static Response error(Response.Status status, String reason) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", reason)).build();
  }
}
