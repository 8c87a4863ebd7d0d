package dev.relay.compliance.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether a call to a {@link TokenRequired} endpoint may proceed: only with the configured bearer token
 * (compared in constant time). With no {@code relay.api-token} configured every such call is refused.
 */
@Provider
@TokenRequired
public class TokenFilter implements ContainerRequestFilter {

  @ConfigProperty(name = "relay.api-token")
  Optional<String> token;

  @Override
  public void filter(ContainerRequestContext request) {
    String reason = check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (reason != null) {
      request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", reason))
          .build());
    }
  }

  private String check(String header) {
    if (token.isEmpty() || token.get().isBlank()) {
      return "relay.api-token is not configured: compliance signals and overrides over REST are refused";
    }
    if (header == null || !header.startsWith("Bearer ")) {
      return "missing bearer token";
    }
    byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8))) {
      return "wrong bearer token";
    }
    return null;
  }
}
