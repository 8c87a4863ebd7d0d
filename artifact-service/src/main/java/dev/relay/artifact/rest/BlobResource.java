package dev.relay.artifact.rest;

import dev.relay.artifact.store.ArtifactStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Serves stored bytes by digest ({@code sha256:<hex>}), streamed from disk, never loaded whole. */
@Path("/blobs")
public class BlobResource {

  @Inject
  ArtifactStore store;

  @GET
  @Path("/{digest}")
  public Response get(@PathParam("digest") String digest) {
    return store.blob(digest)
        .map(p -> Response.ok(p, MediaType.APPLICATION_OCTET_STREAM_TYPE).build())
        .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
            .entity(Map.of("error", "no blob " + digest + " in the local registry")).build());
  }
}
