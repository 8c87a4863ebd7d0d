package dev.relay.orchestrator.saga;

/**
 * One node's progress, for the REST view and for compensation.
 *
 * @param node node id
 * @param status PENDING, DRAINING, DRAINED, PATCHED, REJOINED (done), ROLLING_BACK, ROLLED_BACK, UNTOUCHED
 * @param previousVersion what the node ran when drained (null until drained)
 * @param version what it runs now as far as the saga knows
 */
public record NodeProgress(String node, String status, String previousVersion, String version) {

  public static NodeProgress pending(String node) {
    return new NodeProgress(node, "PENDING", null, null);
  }

  public NodeProgress status(String newStatus) {
    return new NodeProgress(node, newStatus, previousVersion, version);
  }

  public NodeProgress drained(String runningVersion) {
    return new NodeProgress(node, "DRAINED", runningVersion, runningVersion);
  }

  public NodeProgress at(String newStatus, String newVersion) {
    return new NodeProgress(node, newStatus, previousVersion, newVersion);
  }
}
