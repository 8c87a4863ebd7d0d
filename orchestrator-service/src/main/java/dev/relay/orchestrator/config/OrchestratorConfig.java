package dev.relay.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The orchestrator's settings (prefix "relay"). */
@ConfigMapping(prefix = "relay")
public interface OrchestratorConfig {

  /** JSON file with the cluster profiles (plan, nodes in rollout order). */
  String clustersFile();

  /** The installation's tier, from DEPLOYMENT_TIER: "1" or "2". Unset: every request is refused with that reason. */
  Optional<String> deploymentTier();

  /** Bearer token required by mutating endpoints. Unset: they all answer 401. */
  Optional<String> apiToken();

  Saga saga();

  /** Tier 2 (blue-green) settings; the node step deadlines are shared with {@link Saga}. */
  @io.smallrye.config.WithName("tier2")
  Tier2 tier2();

  /** Deadlines and limits of the blue-green saga. */
  interface Tier2 {
    /** How long green may take to catch up with blue's state (replication lag zero). */
    @WithDefault("10m")
    Duration sync();

    @WithDefault("10m")
    Duration greenHealthy();

    /** One traffic switch, with its retries. */
    @WithDefault("2m")
    Duration switchTraffic();

    /** How long green is watched after the switch before the deployment succeeds. */
    @WithDefault("5m")
    Duration stabilityWindow();

    @WithDefault("2m")
    Duration stopReplication();

    /** How long a deployment may wait for compliance locks before it ends expired. */
    @WithDefault("4h")
    Duration maxDeferral();

    /** Errors (5xx, connection or response errors) tolerated in the window. */
    @WithDefault("0")
    long maxErrors();
  }

  /** Deadlines of each wait; see SagaPolicy. */
  interface Saga {
    @WithDefault("2m")
    Duration gates();

    @WithDefault("2m")
    Duration verify();

    @WithDefault("5m")
    Duration drain();

    @WithDefault("10m")
    Duration patch();

    @WithDefault("10m")
    Duration rejoin();

    /** How long the cluster may take to reach 100% health (nothing rebalancing) before a node, or after the last. */
    @WithDefault("15m")
    Duration rebalance();

    @WithDefault("10m")
    Duration rollback();

    /**
     * A ROLLBACK revert waits this long for 100% after each node it put back before it reverts the next one anyway:
     * the release being reverted may keep nodes down that only the revert brings back.
     */
    @WithDefault("2m")
    Duration revertSettle();

    /** A pending node command is sent again this often until answered (commands are idempotent). */
    @WithDefault("30s")
    Duration resendInterval();

    /** Extra time after a command's own deadline before the saga stops waiting for the executor's answer. */
    @WithDefault("10s")
    Duration graceAfterDeadline();

    /** How often deadlines and re-sends are checked. */
    @WithDefault("1s")
    Duration tickInterval();
  }
}
