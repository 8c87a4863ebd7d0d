package dev.relay.gate.table;

/** The gate table cannot be used; the message names the file, the row (line and Gate_ID) and the field. */
public class GateTableException extends RuntimeException {
  public GateTableException(String message) {
    super(message);
  }

  public GateTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
