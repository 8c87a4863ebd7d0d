package dev.relay.orchestrator.rest;

import dev.relay.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Mutating endpoints need "Authorization: Bearer <relay.api-token>". No token configured: nobody gets in. */
@ApplicationScoped
public class BearerToken {

  private final OrchestratorConfig config;

  BearerToken(OrchestratorConfig config) {
    this.config = config;
  }

  public void check(String authorization) {
    String expected = config.apiToken().orElse("");
    String given = authorization != null && authorization.startsWith("Bearer ")
        ? authorization.substring("Bearer ".length()).trim() : "";
    boolean ok = !expected.isEmpty() && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      throw new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
          .header("WWW-Authenticate", "Bearer")
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", expected.isEmpty()
              ? "no API token is configured (relay.api-token); mutating endpoints are closed"
              : "missing or wrong bearer token"))
          .build());
    }
  }
}
