package dev.relay.node.rest;

import dev.relay.node.driver.NodeStatus;
import dev.relay.node.driver.ReleaseInfo;

/**
 * One node as node-adapter sees it.
 *
 * @param clusterId the cluster
 * @param node the node id
 * @param url its base URL from the profile
 * @param running whether its process runs
 * @param status its own /status (null when it does not answer)
 * @param statusError why there is no status
 * @param currentRelease the release `current` points at (null when none)
 * @param patches lines in its patch history (one per real unpack)
 */
public record NodeReport(
    String clusterId,
    String node,
    String url,
    boolean running,
    NodeStatus status,
    String statusError,
    ReleaseInfo currentRelease,
    int patches) {}
