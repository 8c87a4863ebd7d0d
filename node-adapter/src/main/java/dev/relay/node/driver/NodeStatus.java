package dev.relay.node.driver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A node's own report ({@code GET /status}). The replication fields are null on a node that does not replicate
 * (replicationLag: changes behind its source at the last pull). companyKeyFingerprint is null on a node that holds no
 * company key in its key store.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeStatus(
    String id,
    String cluster,
    String version,
    String state,
    int health,
    List<String> warnings,
    boolean draining,
    int inflight,
    String nodeKeyFingerprint,
    String companyKeyFingerprint,
    long pid,
    Long stateSeq,
    String replicatingFrom,
    Long replicationLag,
    String replicationError) {}
