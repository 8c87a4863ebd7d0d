package dev.relay.compliance.rest;

import dev.relay.compliance.lock.HeldLock;
import dev.relay.compliance.lock.Locks;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** GET /locks: the locks held now. */
@Path("/locks")
@Produces(MediaType.APPLICATION_JSON)
public class LocksResource {

  @Inject
  Locks locks;

  @GET
  public List<HeldLock> held() {
    return locks.book().held();
  }
}
