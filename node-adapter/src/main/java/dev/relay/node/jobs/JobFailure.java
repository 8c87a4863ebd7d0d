package dev.relay.node.jobs;

/** A command cannot reach its desired end; the message is the reason given in NodeCommandFailed. */
public class JobFailure extends RuntimeException {
  public JobFailure(String reason) {
    super(reason);
  }
}
