package dev.relay.orchestrator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact.DeploymentRejected;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Request.DeployRequested;
import dev.relay.contracts.Request.DeploymentAbortRequested;
import dev.relay.orchestrator.config.ClusterProfiles;
import dev.relay.orchestrator.config.OrchestratorConfig;
import dev.relay.orchestrator.saga.RequestValidator;
import dev.relay.orchestrator.saga.Saga;
import dev.relay.orchestrator.saga.Strategy;
import dev.relay.orchestrator.streams.SagaStores;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * CI's door: POST a deploy request (202 with the deployment id), GET a deployment's state. The request is checked here
 * as far as can be known without the saga (fields, cluster, tier, a busy cluster), so CI gets the reason at once; the
 * saga checks again, because only it knows for certain.
 */
@Path("/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentResource {

  private static final Logger LOG = Logger.getLogger(DeploymentResource.class);

  /** The body of POST /deployments. The tier is not a field: a request cannot choose it. */
  public record DeployBody(String cluster, String artifact, String version, String requestedBy) {}

  /** The body of POST /deployments/{id}/abort. */
  public record AbortBody(String reason, String requestedBy) {}

  @Inject OrchestratorConfig config;
  @Inject ClusterProfiles clusters;
  @Inject KafkaStreams streams;
  @Inject BearerToken token;

  @Inject
  @Channel("deploy-requests-out")
  MutinyEmitter<Record<String, String>> requests;

  @Inject
  @Channel("deploy-events-out")
  MutinyEmitter<Record<String, String>> events;

  /**
   * The body arrives as text and is parsed here, after the token is checked, not by the framework before: an
   * unauthenticated caller gets 401 whatever it sends, and malformed JSON is a refusal like any other (400, and
   * DeploymentRejected on the topic).
   */
  @POST
  public Response submit(@HeaderParam("Authorization") String authorization, String raw) {
    token.check(authorization);
    String id = "d-" + UUID.randomUUID();
    Instant now = Instant.now();
    if (raw == null || raw.isBlank()) {
      return refuse(id, null, 400, "missing request body", now);
    }
    DeployBody body;
    try {
      JsonNode tree = Messages.mapper().readTree(raw);
      if (tree == null || !tree.isObject()) {
        return refuse(id, null, 400, "malformed request body: a JSON object {cluster, artifact, version, requestedBy}"
            + " is expected", now);
      }
      for (String chooser : List.of("tier", "strategy")) {
        if (tree.has(chooser)) {
          return refuse(id, tree.path("cluster").asText(null), 400, "a request cannot choose its " + chooser + ": drop"
              + " the '" + chooser + "' field (the cluster's plan and DEPLOYMENT_TIER decide)", now);
        }
      }
      body = Messages.mapper().treeToValue(tree, DeployBody.class);
    } catch (JsonProcessingException e) {
      return refuse(id, null, 400, "malformed request body: " + e.getOriginalMessage(), now);
    }
    List<String> problems = RequestValidator.problems(body.cluster(), body.artifact(), body.version());
    if (!problems.isEmpty()) {
      return refuse(id, body.cluster(), 400, String.join("; ", problems), now);
    }
    var verdict = Strategy.select(body.cluster(), clusters.registry().find(body.cluster()), config.deploymentTier());
    if (verdict.refused()) {
      return refuse(id, body.cluster(), 422, verdict.refusal(), now);
    }
    Saga active = activeOn(body.cluster());
    if (active != null) {
      return refuse(id, body.cluster(), 409, "cluster '" + body.cluster() + "' is busy with"
          + " deployment " + active.deploymentId() + " (" + active.stage() + "); one deployment per cluster at a time:"
          + " submit again when it has ended", now);
    }
    Envelope request = Envelope.of(id, body.cluster(), now,
        new DeployRequested(body.artifact(), body.version(), body.requestedBy()));
    requests.sendAndAwait(Record.of(body.cluster(), Messages.write(request))); // keyed by cluster
    LOG.infof("deployment %s accepted: %s %s to %s", id, body.artifact(), body.version(), body.cluster());
    return Response.accepted(Map.of("deploymentId", id, "status", "ACCEPTED", "href", "/deployments/" + id))
        .location(URI.create("/deployments/" + id)).build();
  }

  @GET
  @Path("/{id}")
  public Response get(@PathParam("id") String id) {
    String json;
    try {
      json = store().get(id);
    } catch (InvalidStateStoreException e) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .entity(Map.of("error", "deployment state is being restored; retry shortly")).build();
    }
    if (json == null) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(Map.of("error", "no deployment " + id + " (a just-accepted one appears within moments)")).build();
    }
    return Response.ok(DeploymentView.of(SagaStores.read(json))).build();
  }

  @GET
  public List<DeploymentView> list() {
    List<DeploymentView> all = new ArrayList<>();
    try (var it = store().all()) {
      it.forEachRemaining(kv -> all.add(DeploymentView.of(SagaStores.read(kv.value))));
    }
    all.sort((a, b) -> b.startedAt().compareTo(a.startedAt()));
    return all;
  }

  @POST
  @Path("/{id}/abort")
  public Response abort(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
      AbortBody body) {
    token.check(authorization);
    String json = store().get(id);
    if (json == null) {
      return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no deployment " + id)).build();
    }
    Saga s = SagaStores.read(json);
    if (s.terminal()) {
      return Response.status(Response.Status.CONFLICT)
          .entity(Map.of("error", "deployment " + id + " has already ended " + s.stage())).build();
    }
    String reason = body == null || body.reason() == null ? "operator abort" : body.reason();
    Envelope abort = Envelope.of(id, s.clusterId(), Instant.now(),
        new DeploymentAbortRequested(reason, body == null ? null : body.requestedBy()));
    requests.sendAndAwait(Record.of(s.clusterId(), Messages.write(abort)));
    return Response.accepted(Map.of("deploymentId", id, "status", "ABORT_REQUESTED")).build();
  }

  private Response refuse(String id, String cluster, int status, String reason, Instant now) {
    LOG.warnf("deploy request refused (%s): %s", id, reason);
    Envelope rejected = Envelope.of(id, cluster, now, new DeploymentRejected(reason));
    events.sendAndAwait(Record.of(cluster == null ? "unknown" : cluster, Messages.write(rejected)));
    return Response.status(status).entity(Map.of("deploymentId", id, "status", "REJECTED", "error", reason)).build();
  }

  private Saga activeOn(String cluster) {
    try {
      for (var it = store().all(); it.hasNext(); ) {
        Saga s = SagaStores.read(it.next().value);
        if (cluster.equals(s.clusterId()) && !s.terminal()) {
          return s;
        }
      }
    } catch (InvalidStateStoreException e) {
      return null; // the saga decides for certain
    }
    return null;
  }

  private ReadOnlyKeyValueStore<String, String> store() {
    return streams.store(StoreQueryParameters.fromNameAndType(SagaStores.BY_DEPLOYMENT,
        QueryableStoreTypes.keyValueStore()));
  }
}
