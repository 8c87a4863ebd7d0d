package dev.relay.node.rest;

import dev.relay.node.driver.ClusterView;
import java.util.List;

/**
 * A cluster's health as node-adapter observes it.
 *
 * @param clusterId the cluster
 * @param healthPercent 0..100; 0 when no node answers
 * @param observedVia the node whose view this is (null when none answered)
 * @param members every member as that node sees it
 * @param notHealthy members scoring below 100
 * @param rebalancing members still rebalancing
 * @param warnings "node: warning" lines
 * @param reason why it is below 100 (null at 100)
 */
public record ClusterHealth(
    String clusterId,
    int healthPercent,
    String observedVia,
    List<ClusterView.Member> members,
    List<String> notHealthy,
    List<String> rebalancing,
    List<String> warnings,
    String reason) {}
