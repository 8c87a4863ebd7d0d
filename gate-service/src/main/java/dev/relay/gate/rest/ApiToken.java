package dev.relay.gate.rest;

import dev.relay.gate.service.GateSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Decides whether an Authorization header carries relay.api-token. With no token configured, nothing is allowed. */
@ApplicationScoped
public class ApiToken {

  @Inject
  GateSettings settings;

  public boolean allows(String authorization) {
    if (settings.apiToken().isEmpty() || authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    byte[] wanted = settings.apiToken().get().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, wanted);
  }
}
