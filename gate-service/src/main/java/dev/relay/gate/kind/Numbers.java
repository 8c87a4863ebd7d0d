package dev.relay.gate.kind;

import java.math.BigDecimal;
import java.util.Optional;

/** Decides whether a line of output is a number (an optional trailing '%' is allowed, e.g. "97%"). */
public final class Numbers {

  private Numbers() {}

  public static Optional<BigDecimal> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    if (t.endsWith("%")) {
      t = t.substring(0, t.length() - 1).trim();
    }
    if (t.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(t));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The last line that is not blank, or "" when there is none. */
  public static String lastLine(String text) {
    if (text == null) {
      return "";
    }
    String[] lines = text.split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].trim();
      }
    }
    return "";
  }

  /** At most max characters of text, for reasons; longer text is cut with "...". */
  public static String clip(String text, int max) {
    if (text == null) {
      return "";
    }
    String t = text.strip();
    return t.length() <= max ? t : t.substring(0, max) + "...";
  }
}
