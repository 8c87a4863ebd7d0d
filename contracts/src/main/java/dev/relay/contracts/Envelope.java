package dev.relay.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every record on every topic carries.
 *
 * @param eventId unique id of this record; consumers skip ids they have seen
 * @param schemaVersion version of the envelope and payload schema
 * @param deploymentId the deployment this record belongs to (null only for records about no deployment)
 * @param clusterId the target cluster; also the Kafka key, so one cluster's records stay ordered
 * @param time when the fact happened or the command was issued
 * @param causationId the eventId of the record that caused this one (null for a first cause)
 * @param payload the message; its logical name is the "type" field inside it
 */
public record Envelope(
    String eventId,
    int schemaVersion,
    String deploymentId,
    String clusterId,
    Instant time,
    String causationId,
    Message payload) {

  public static final int SCHEMA_VERSION = 1;

  public Envelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(payload, "payload");
  }

  /** A new first-cause envelope. */
  public static Envelope of(String deploymentId, String clusterId, Instant time, Message payload) {
    return new Envelope(newId(), SCHEMA_VERSION, deploymentId, clusterId, time, null, payload);
  }

  /** A new envelope caused by this one, for the same deployment and cluster. */
  public Envelope reply(Instant at, Message reply) {
    return new Envelope(newId(), SCHEMA_VERSION, deploymentId, clusterId, at, eventId, reply);
  }

  /** The logical type name of the payload, as on the wire. */
  public String type() {
    return Messages.typeName(payload.getClass());
  }

  public static String newId() {
    return UUID.randomUUID().toString();
  }
}
