package dev.relay.orchestrator.saga;

import dev.relay.contracts.ClusterProfile;
import java.util.Optional;

/**
 * Decides the tier of a deployment from the cluster's profile and the installation's DEPLOYMENT_TIER. A request
 * never chooses. Either a tier comes out, or a refusal with a reason a person can act on.
 */
public final class Strategy {

  /** The verdict: tier and strategy name, or a refusal. */
  public record Verdict(int tier, String strategy, String refusal) {
    public boolean refused() {
      return refusal != null;
    }

    static Verdict refuse(String why) {
      return new Verdict(0, null, why);
    }
  }

  public static final String ROLLING_UPDATE = "rolling-update";
  public static final String BLUE_GREEN = "blue-green";

  /**
   * @param profile the cluster's profile, empty when the cluster is unknown
   * @param installationTier the raw DEPLOYMENT_TIER setting, empty when not set
   */
  public static Verdict select(String clusterId, Optional<ClusterProfile> profile, Optional<String> installationTier) {
    if (profile.isEmpty()) {
      return Verdict.refuse("unknown cluster '" + clusterId + "': no profile for it in the cluster registry");
    }
    ClusterProfile p = profile.get();
    Optional<Integer> planTier = p.planTier();
    if (planTier.isEmpty()) {
      return Verdict.refuse("cluster '" + clusterId + "' has plan '" + p.plan()
          + "', which maps to no tier (SME/PERSONAL -> 1, ENTERPRISE/GOV -> 2)");
    }
    if (installationTier.isEmpty() || installationTier.get().isBlank()) {
      return Verdict.refuse("DEPLOYMENT_TIER is not set: the installation must state its tier (1 or 2)");
    }
    int configured;
    try {
      configured = Integer.parseInt(installationTier.get().trim());
    } catch (NumberFormatException e) {
      return Verdict.refuse("DEPLOYMENT_TIER='" + installationTier.get() + "' is not 1 or 2");
    }
    if (configured != 1 && configured != 2) {
      return Verdict.refuse("DEPLOYMENT_TIER=" + configured + " is not 1 or 2");
    }
    if (configured != planTier.get()) {
      return Verdict.refuse("cluster '" + clusterId + "' has plan " + p.plan() + " (tier " + planTier.get()
          + ") but this installation's DEPLOYMENT_TIER is " + configured + ": they must agree");
    }
    if (configured == 2) {
      if (p.greenIds().isEmpty() || p.traffic() == null) {
        return Verdict.refuse("cluster '" + clusterId + "' is tier 2 (blue-green) but its profile has no green nodes"
            + " or no traffic switch (HAProxy runtime API and backend)");
      }
      return new Verdict(2, BLUE_GREEN, null);
    }
    return new Verdict(1, ROLLING_UPDATE, null);
  }

  private Strategy() {}
}
