package dev.relay.gate.table;

/** The Deployment_Tier column: which deployment tiers a gate applies to. */
public enum GateTier {
  TIER_1("1"),
  TIER_2("2"),
  ALL("ALL");

  private final String label;

  GateTier(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** True when a deployment of this tier must pass the gate. */
  public boolean appliesTo(int tier) {
    return this == ALL || (this == TIER_1 && tier == 1) || (this == TIER_2 && tier == 2);
  }

  /** The tier for a column value, or null when it is none of 1, 2, ALL. */
  public static GateTier parse(String value) {
    for (GateTier t : values()) {
      if (t.label.equalsIgnoreCase(value.trim())) {
        return t;
      }
    }
    return null;
  }
}
