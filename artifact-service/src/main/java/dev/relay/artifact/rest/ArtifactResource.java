package dev.relay.artifact.rest;

import dev.relay.artifact.config.ArtifactConfig;
import dev.relay.artifact.store.ArtifactRecord;
import dev.relay.artifact.store.ArtifactStore;
import dev.relay.artifact.store.FolderImporter;
import dev.relay.artifact.store.ImportReport;
import dev.relay.artifact.store.ImportResult;
import dev.relay.artifact.store.SignatureFiles;
import dev.relay.artifact.store.StoredVerification;
import dev.relay.artifact.verify.SignatureBundle;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The registry over HTTP: list, read and re-verify records; import by upload or from the drop folder (token). */
@Path("/artifacts")
@Produces(MediaType.APPLICATION_JSON)
public class ArtifactResource {

  @Inject
  ArtifactStore store;

  @Inject
  FolderImporter importer;

  @Inject
  ArtifactConfig config;

  @GET
  public List<ArtifactRecord> list() {
    return store.list();
  }

  @GET
  @Path("/{name}/{version}")
  public Response get(@PathParam("name") String name, @PathParam("version") String version) {
    return store.find(name, version)
        .map(r -> Response.ok(r).build())
        .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
            .entity(Map.of("error", "unknown artifact " + name + " " + version)).build());
  }

  /**
   * Upload: part {@code file} with its signature parts: {@code signature} (the .minisig), or {@code statement} and
   * {@code statementSignature} with optionally {@code signify} (.sig) or {@code ed25519} (raw, openssl). Optional
   * {@code name} and {@code version} must match what was signed.
   */
  @POST
  @TokenRequired
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response upload(
      @RestForm("file") FileUpload file,
      @RestForm("signature") FileUpload minisig,
      @RestForm("signify") FileUpload signify,
      @RestForm("ed25519") FileUpload ed25519,
      @RestForm("statement") FileUpload statement,
      @RestForm("statementSignature") FileUpload statementSignature,
      @RestForm("name") String name,
      @RestForm("version") String version) throws IOException {
    SignatureBundle bundle = new SignatureBundle(read(minisig), read(signify), read(ed25519), read(statement),
        read(statementSignature));
    if (file == null || bundle.isEmpty()) {
      return Response.status(422).entity(Map.of("error", "part 'file' and its signature are required: 'signature'"
          + " (minisign), or 'statement' and 'statementSignature' (with 'signify' or 'ed25519' for those formats)"))
          .build();
    }
    ImportResult result;
    try (InputStream f = Files.newInputStream(file.uploadedFile())) {
      result = store.importStream(f, bundle, blankToNull(name), blankToNull(version));
    }
    if (result instanceof ImportResult.Imported i) {
      return Response.status(Response.Status.CREATED).entity(i.record()).build();
    }
    if (result instanceof ImportResult.AlreadyPresent p) {
      return Response.ok(p.record()).build();
    }
    if (result instanceof ImportResult.Resigned r) {
      return Response.ok(r.record()).build();
    }
    return Response.status(422).entity(Map.of("error", ((ImportResult.Refused) result).reason())).build();
  }

  private static byte[] read(FileUpload part) throws IOException {
    if (part == null) {
      return null;
    }
    try (InputStream in = Files.newInputStream(part.uploadedFile())) {
      return SignatureFiles.readBounded(in);
    }
  }

  @POST
  @TokenRequired
  @Path("/import-dir")
  public Response importDir() {
    if (config.importDir().isEmpty()) {
      return Response.status(Response.Status.CONFLICT)
          .entity(Map.of("error", "relay.artifacts.import-dir is not configured")).build();
    }
    ImportReport report = importer.importAll(config.importDir().get());
    return Response.ok(report).build();
  }

  @POST
  @Path("/{name}/{version}/verify")
  public Response verify(@PathParam("name") String name, @PathParam("version") String version) {
    StoredVerification v = store.verifyStored(name, version);
    Response.Status status = v instanceof StoredVerification.Unknown ? Response.Status.NOT_FOUND : Response.Status.OK;
    return Response.status(status).entity(VerifyResponse.of(v)).build();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
