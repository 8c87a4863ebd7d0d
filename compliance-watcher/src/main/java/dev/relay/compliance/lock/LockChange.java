package dev.relay.compliance.lock;

import dev.relay.contracts.Fact;

/**
 * What one input does to one lock: the lock as it will be (null when released), and the fact to publish (null when
 * nothing observable changes, e.g. a heartbeat of a live held lock).
 */
public record LockChange(String lockId, HeldLock after, Fact fact) {

  public boolean publishes() {
    return fact != null;
  }
}
