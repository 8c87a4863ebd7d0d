package dev.relay.compliance.service;

/** The held locks are not restored from compliance.locks yet: nothing can be answered or decided. */
public class NotReadyException extends IllegalStateException {

  public NotReadyException() {
    super("compliance-watcher is restoring the held locks from compliance.locks; not ready");
  }
}
