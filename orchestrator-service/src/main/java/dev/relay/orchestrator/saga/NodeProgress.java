package dev.relay.orchestrator.saga;

/**
 * One node's progress, for the REST view and for compensation.
 *
 * @param node node id
 * @param status PENDING, DRAINING, DRAINED, PATCHED, REJOINED (done), ROLLING_BACK, ROLLED_BACK, UNTOUCHED
 * @param previousVersion what the node ran when drained (null until drained)
 * @param version what it runs now as far as the saga knows
 * @param nodeKeyFingerprint the node key's fingerprint the node reported when drained (null: not reported)
 * @param companyKeyFingerprint the company key's fingerprint the node reported when drained (null: not reported)
 */
public record NodeProgress(String node, String status, String previousVersion, String version,
    String nodeKeyFingerprint, String companyKeyFingerprint) {

  public NodeProgress(String node, String status, String previousVersion, String version) {
    this(node, status, previousVersion, version, null, null);
  }

  public static NodeProgress pending(String node) {
    return new NodeProgress(node, "PENDING", null, null);
  }

  public NodeProgress status(String newStatus) {
    return new NodeProgress(node, newStatus, previousVersion, version, nodeKeyFingerprint, companyKeyFingerprint);
  }

  public NodeProgress drained(String runningVersion) {
    return drained(runningVersion, null, null);
  }

  /** Drained while running runningVersion, with the key fingerprints it reported then (kept for the rejoin check). */
  public NodeProgress drained(String runningVersion, String nodeKey, String companyKey) {
    return new NodeProgress(node, "DRAINED", runningVersion, runningVersion, nodeKey, companyKey);
  }

  public NodeProgress at(String newStatus, String newVersion) {
    return new NodeProgress(node, newStatus, previousVersion, newVersion, nodeKeyFingerprint, companyKeyFingerprint);
  }
}
