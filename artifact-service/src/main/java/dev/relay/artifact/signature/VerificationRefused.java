package dev.relay.artifact.signature;

/** An artifact or signature that is not accepted; the message says precisely why, for the caller and the event. */
public class VerificationRefused extends Exception {
  public VerificationRefused(String reason) {
    super(reason);
  }
}
