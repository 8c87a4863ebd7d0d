package dev.relay.contracts;

/** A record that cannot be read; the message names what is wrong, for the dead-letter topic and the event. */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String reason) {
    super(reason);
  }
}
