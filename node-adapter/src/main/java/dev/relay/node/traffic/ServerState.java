package dev.relay.node.traffic;

/**
 * One server's line of HAProxy's {@code show servers state}: the operational state (0 stopped, 1 starting, 2
 * running, 3 stopping) and the administrative flags (maintenance forced 0x01, inherited 0x02, by resolution 0x20,
 * by health 0x80; drain forced 0x08, inherited 0x10; 0x04 only records a {@code disabled} keyword in the
 * configuration). Decides "serving": running with no maintenance and no drain flag.
 */
public record ServerState(String name, int opState, int adminState) {

  static final int MAINT_MASK = 0x01 | 0x02 | 0x20 | 0x80;
  static final int DRAIN_MASK = 0x08 | 0x10;

  public boolean serving() {
    return opState == 2 && (adminState & (MAINT_MASK | DRAIN_MASK)) == 0;
  }
}
