package dev.relay.compliance.lock;

import jakarta.enterprise.context.ApplicationScoped;

/** The service's one lock book. */
@ApplicationScoped
public class Locks {

  private final LockBook book = new LockBook();

  public LockBook book() {
    return book;
  }
}
