package dev.relay.gate.table;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Timeout column: {@code 500ms}, {@code 30s}, {@code 2m}, or ISO-8601 ({@code PT30S}); positive only. */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m)");

  private Durations() {}

  /** @throws IllegalArgumentException naming what is wrong */
  public static Duration parse(String text) {
    String t = text.trim();
    Duration d;
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMinutes(n);
      };
    } else {
      try {
        d = Duration.parse(t);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("'" + text + "' is not a duration (500ms, 30s, 2m or PT30S)");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("'" + text + "' must be longer than zero");
    }
    return d;
  }
}
