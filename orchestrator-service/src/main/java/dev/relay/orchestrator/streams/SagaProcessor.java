package dev.relay.orchestrator.streams;

import dev.relay.contracts.ClusterRegistry;
import dev.relay.contracts.Command;
import dev.relay.contracts.Envelope;
import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.DeploymentRejected;
import dev.relay.contracts.MalformedMessageException;
import dev.relay.contracts.Message;
import dev.relay.contracts.Messages;
import dev.relay.contracts.Request;
import dev.relay.contracts.Request.DeployRequested;
import dev.relay.contracts.Request.DeploymentAbortRequested;
import dev.relay.contracts.Topics;
import dev.relay.orchestrator.saga.BlueGreenSaga;
import dev.relay.orchestrator.saga.RequestValidator;
import dev.relay.orchestrator.saga.RollingUpdateSaga;
import dev.relay.orchestrator.saga.Saga;
import dev.relay.orchestrator.saga.Strategy;
import dev.relay.orchestrator.saga.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The Kafka shell around {@link RollingUpdateSaga}: reads requests and facts, applies the pure transition, and
 * forwards the resulting commands and facts. Kafka Streams runs it with exactly_once_v2, so the consumed offsets, the
 * produced records and the store updates (saga state) commit in one transaction: a crash at any point resumes from the
 * last committed state without repeating or skipping a step. A wall-clock punctuator drives deadlines and re-sends.
 */
public final class SagaProcessor implements Processor<String, String, String, String> {

  private static final Logger LOG = Logger.getLogger(SagaProcessor.class);

  private final RollingUpdateSaga saga;
  private final BlueGreenSaga blueGreen;
  private final Supplier<ClusterRegistry> clusters;
  private final Optional<String> deploymentTier;
  private final Duration tickInterval;

  private ProcessorContext<String, String> context;
  private KeyValueStore<String, String> byCluster;
  private KeyValueStore<String, String> byDeployment;
  private KeyValueStore<String, String> locks;

  public SagaProcessor(RollingUpdateSaga saga, BlueGreenSaga blueGreen, Supplier<ClusterRegistry> clusters,
      Optional<String> deploymentTier, Duration tickInterval) {
    this.saga = saga;
    this.blueGreen = blueGreen;
    this.clusters = clusters;
    this.deploymentTier = deploymentTier;
    this.tickInterval = tickInterval;
  }

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
    this.byCluster = context.getStateStore(SagaStores.BY_CLUSTER);
    this.byDeployment = context.getStateStore(SagaStores.BY_DEPLOYMENT);
    this.locks = context.getStateStore(SagaStores.LOCKS);
    context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, ts -> tick(Instant.now()));
  }

  @Override
  public void process(Record<String, String> record) {
    String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
    Instant now = Instant.now();
    Envelope in;
    try {
      in = Messages.read(record.value());
    } catch (MalformedMessageException e) {
      if (Topics.REQUESTS.equals(topic)) {
        refuseUnreadable(record, e.getMessage(), now);
      } else {
        LOG.warnf("skipping unreadable record on %s (key %s): %s", topic, record.key(), e.getMessage());
      }
      return;
    }
    if (record.key() != null && in.clusterId() != null && !record.key().equals(in.clusterId())) {
      // one cluster's records share one partition and one writer: a mis-keyed record would reach another task
      String reason = "record key '" + record.key() + "' is not the envelope's clusterId '" + in.clusterId() + "'";
      LOG.warnf("dead-lettering a record on %s: %s", topic, reason);
      deadLetter(record, topic, reason);
      if (Topics.REQUESTS.equals(topic) && in.payload() instanceof DeployRequested) {
        // refused under an id of its own: the id it names may be a live deployment's, whose ending this is not
        reject(in, "miskeyed-" + context.recordMetadata().map(m -> m.partition() + "-" + m.offset()).orElse("x"),
            "mis-keyed deploy request " + in.deploymentId() + ": " + reason, now);
      }
      return;
    }
    try {
      if (Topics.REQUESTS.equals(topic)) {
        onRequest(record, in, now);
      } else if (in.payload() instanceof Fact fact) {
        onFact(in, fact, now);
      }
    } catch (RuntimeException e) {
      // A record the saga cannot take must not stop the stream thread (exactly-once would read it again and fail
      // again, for every cluster): it goes to the dead-letter topic with the reason, and the deadline of the step it
      // may have been meant to answer still ends that wait.
      String reason = "the saga could not take " + in.type() + " for " + in.deploymentId() + ": " + e;
      LOG.errorf(e, "dead-lettering a record on %s: %s", topic, reason);
      deadLetter(record, topic, reason);
    }
  }

  // ---- requests ----

  private void onRequest(Record<String, String> record, Envelope in, Instant now) {
    if (!(in.payload() instanceof Request request)) {
      deadLetter(record, "not a request: " + in.type() + " does not belong on " + Topics.REQUESTS);
      reject(in, in.deploymentId(), "not a request: " + in.type(), now);
      return;
    }
    if (request instanceof DeploymentAbortRequested abort) {
      Saga active = activeSaga(in.clusterId());
      if (active == null || !active.deploymentId().equals(in.deploymentId())) {
        LOG.infof("abort request for %s on %s ignored: not the active deployment", in.deploymentId(), in.clusterId());
        return;
      }
      apply(in, active, step(active, abort, now));
      return;
    }
    DeployRequested deploy = (DeployRequested) request;
    if (!RequestValidator.validDeploymentId(in.deploymentId())) {
      String id = "unidentified-" + context.recordMetadata().map(m -> m.partition() + "-" + m.offset()).orElse("x");
      reject(in, id, "missing or invalid deploymentId", now);
      return;
    }
    if (byDeployment.get(in.deploymentId()) != null) {
      LOG.infof("deployment %s already known; duplicate request ignored", in.deploymentId());
      return;
    }
    List<String> problems = RequestValidator.problems(in.clusterId(), deploy.artifact(), deploy.version());
    if (!problems.isEmpty()) {
      reject(in, in.deploymentId(), String.join("; ", problems), now);
      return;
    }
    Strategy.Verdict verdict =
        Strategy.select(in.clusterId(), clusters.get().find(in.clusterId()), deploymentTier);
    if (verdict.refused()) {
      reject(in, in.deploymentId(), verdict.refusal(), now);
      return;
    }
    Saga active = activeSaga(in.clusterId());
    if (active != null) {
      reject(in, in.deploymentId(), "cluster '" + in.clusterId() + "' is busy with deployment " + active.deploymentId()
          + " (" + active.stage() + "); one deployment per cluster at a time: submit again when it has ended", now);
      return;
    }
    var profile = clusters.get().find(in.clusterId()).orElseThrow();
    String target = verdict.tier() == 2 ? idleGroup(in.clusterId()) : null;
    Transition t = verdict.tier() == 2
        ? blueGreen.start(in.deploymentId(), in.clusterId(), deploy.artifact(), deploy.version(), target,
            BlueGreenSaga.BLUE.equals(target) ? profile.nodeIds() : profile.greenIds(),
            HeldLocks.on(locks, in.clusterId()), now)
        : saga.start(in.deploymentId(), in.clusterId(), deploy.artifact(), deploy.version(), verdict.tier(),
            verdict.strategy(), profile.nodeIds(), now);
    apply(in, null, t);
  }

  private void refuseUnreadable(Record<String, String> record, String reason, Instant now) {
    deadLetter(record, reason);
    String id = "unreadable-" + context.recordMetadata().map(m -> m.partition() + "-" + m.offset()).orElse("x");
    String cluster = record.key();
    Envelope rejected = new Envelope(Envelope.newId(), Envelope.SCHEMA_VERSION, id, cluster, now, null,
        new DeploymentRejected("unreadable deploy request: " + reason));
    forward(rejected);
    byDeployment.put(id, SagaStores.write(RollingUpdateSaga.rejected(id, cluster, null, null, rejected.payload()
        instanceof DeploymentRejected r ? r.reason() : reason, now)));
  }

  private void reject(Envelope in, String deploymentId, String reason, Instant now) {
    LOG.warnf("deploy request %s for cluster %s rejected: %s", deploymentId, in.clusterId(), reason);
    Envelope out = new Envelope(Envelope.newId(), Envelope.SCHEMA_VERSION, deploymentId, in.clusterId(), now,
        in.eventId(), new DeploymentRejected(reason));
    forward(out);
    String artifact = in.payload() instanceof DeployRequested d ? d.artifact() : null;
    String version = in.payload() instanceof DeployRequested d ? d.version() : null;
    if (byDeployment.get(deploymentId) == null) {
      byDeployment.put(deploymentId,
          SagaStores.write(RollingUpdateSaga.rejected(deploymentId, in.clusterId(), artifact, version, reason, now)));
    }
  }

  private void deadLetter(Record<String, String> record, String reason) {
    deadLetter(record, Topics.REQUESTS, reason);
  }

  private void deadLetter(Record<String, String> record, String topic, String reason) {
    String from = Topics.EVENTS.equals(topic) ? Topics.EVENTS : Topics.REQUESTS;
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
    headers.add("dead-letter-topic", from.getBytes(StandardCharsets.UTF_8));
    context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers),
        SagaTopology.sinkFor(Topics.dlq(from)));
  }

  // ---- facts ----

  private void onFact(Envelope in, Fact fact, Instant now) {
    if (in.clusterId() == null || in.deploymentId() == null) {
      return;
    }
    Saga active = activeSaga(in.clusterId());
    if (active == null || !active.deploymentId().equals(in.deploymentId())) {
      return;
    }
    apply(in, active, step(active, fact, now));
  }

  /** The transition of the saga's own tier. */
  private Transition step(Saga s, Message input, Instant now) {
    return s.tier() == 2 ? blueGreen.on(s, input, HeldLocks.on(locks, s.clusterId()), now) : saga.on(s, input, now);
  }

  // ---- time ----

  private void tick(Instant now) {
    List<KeyValue<String, String>> all = new ArrayList<>();
    try (KeyValueIterator<String, String> it = byCluster.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, String> kv : all) {
      Saga s = null;
      try {
        s = SagaStores.read(kv.value);
        if (s == null || s.terminal()) {
          continue;
        }
        Transition t = s.tier() == 2 ? blueGreen.tick(s, HeldLocks.on(locks, s.clusterId()), now) : saga.tick(s, now);
        if (t.state() != s) {
          apply(null, s, t);
        }
      } catch (RuntimeException e) {
        // one saga's fault must not stop the clock of every other cluster's; and past its deadline it still ends
        LOG.errorf(e, "cluster %s: tick of deployment %s failed", kv.key, s == null ? "?" : s.deploymentId());
        endOnInternalError(s, e, now);
      }
    }
  }

  /**
   * A saga whose own tick keeps failing would wait for ever and keep its cluster busy: once its deadline has passed
   * it ends FAILED with the error as the reason (the deadline still ends every wait).
   */
  private void endOnInternalError(Saga s, RuntimeException e, Instant now) {
    if (s == null || s.terminal() || s.deadline() == null || now.isBefore(s.deadline())) {
      return;
    }
    String reason = "internal error at " + s.stage() + " past its deadline: " + e + "; nodes may need an operator";
    try {
      apply(null, s, RollingUpdateSaga.endedByInternalError(s, reason, now));
    } catch (RuntimeException again) {
      LOG.errorf(again, "deployment %s on %s could not be ended after an internal error", s.deploymentId(),
          s.clusterId());
    }
  }

  // ---- applying a transition ----

  private void apply(Envelope cause, Saga before, Transition t) {
    Saga after = t.state();
    if (after == null || (after == before && t.out().isEmpty())) {
      return;
    }
    // everything is written out before anything is stored or sent: a failure here leaves neither half
    String json = SagaStores.write(after);
    Instant now = after.updatedAt();
    List<Written> outs = new ArrayList<>();
    for (Message m : t.out()) {
      Envelope e = new Envelope(Envelope.newId(), Envelope.SCHEMA_VERSION, after.deploymentId(), after.clusterId(), now,
          cause == null ? null : cause.eventId(), m);
      outs.add(new Written(e, Messages.write(e)));
    }
    byCluster.put(after.clusterId(), json);
    byDeployment.put(after.deploymentId(), json);
    outs.forEach(o -> forward(o.envelope(), o.json()));
    if (after.terminal() && (before == null || !before.terminal())) {
      LOG.infof("deployment %s on %s ended %s: %s", after.deploymentId(), after.clusterId(), after.stage(),
          after.reason());
    }
  }

  /** An outgoing envelope and its JSON, written before anything is stored or sent. */
  private record Written(Envelope envelope, String json) {}

  private void forward(Envelope e) {
    forward(e, Messages.write(e));
  }

  private void forward(Envelope e, String value) {
    String topic = e.payload() instanceof Command c ? c.topic() : Topics.EVENTS;
    RecordHeaders headers = new RecordHeaders();
    headers.add("type", e.type().getBytes(StandardCharsets.UTF_8));
    String key = e.clusterId() == null ? "unknown" : e.clusterId();
    context.forward(new Record<>(key, value, e.time().toEpochMilli(), headers), SagaTopology.sinkFor(topic));
  }

  /**
   * The group a new blue-green deployment patches: the one not serving. The cluster's last deployment (kept in the
   * state store, restored after a crash) says where it left the traffic; before any, blue serves. Should this ever be
   * wrong (a switch made by hand), the node-adapter refuses to drain a node that serves behind the virtual IP.
   */
  private String idleGroup(String clusterId) {
    Saga last = SagaStores.read(byCluster.get(clusterId));
    if (last == null || last.tier() != 2 || last.trafficOn() == null) {
      return BlueGreenSaga.GREEN;
    }
    return BlueGreenSaga.GREEN.equals(last.trafficOn()) ? BlueGreenSaga.BLUE : BlueGreenSaga.GREEN;
  }

  private Saga activeSaga(String clusterId) {
    if (clusterId == null) {
      return null;
    }
    Saga s = SagaStores.read(byCluster.get(clusterId));
    return s == null || s.terminal() ? null : s;
  }
}
