package dev.relay.sandbox.release;

/** An archive was refused; the message names the offending entry and why. */
public class ArchiveRefusedException extends java.io.IOException {

  private final String entry;

  public ArchiveRefusedException(String entry, String reason) {
    super("refused archive entry '" + entry + "': " + reason);
    this.entry = entry;
  }

  public String entry() {
    return entry;
  }
}
