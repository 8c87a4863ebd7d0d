package dev.relay.gate.table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Script_Command split into words, with placeholders. Decides the word boundaries (quotes, backslashes) before any
 * value is filled in, so a filled value can never become an extra argument, and which placeholders are legal.
 *
 * <p>A placeholder is {@code {name}} not preceded by {@code $} ({@code ${HOME}} is left for a shell).
 */
public record CommandTemplate(List<String> words) {

  /** The placeholders a command may use, filled from the request. */
  public static final Set<String> KNOWN = Set.of("cluster", "artifact", "version", "tier", "phase", "group");

  private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([^{}]*)}");

  /** A value filled into a command may only use these characters (no spaces, quotes, slashes or shell syntax). */
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._+:@-]+");

  public CommandTemplate {
    words = List.copyOf(words);
  }

  /** Splits a command into words: whitespace separates, '...' and "..." group, backslash escapes outside '...'. */
  public static CommandTemplate parse(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < command.length()
            && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
          word.append(command.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= command.length()) {
          throw new IllegalArgumentException("the command ends with a lone backslash");
        }
        word.append(command.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("a " + (quote == '"' ? "double" : "single") + " quote is never closed");
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("the command is empty");
    }
    return new CommandTemplate(words);
  }

  /** Every placeholder name the command uses, in order of appearance. */
  public Set<String> placeholders() {
    return placeholders(String.join(" ", words));
  }

  /** Every placeholder name in the text, in order of appearance. */
  public static Set<String> placeholders(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The words with every placeholder replaced.
   *
   * @throws IllegalArgumentException naming the placeholder whose value is missing or unsafe
   */
  public List<String> fill(Map<String, String> values) {
    List<String> out = new ArrayList<>();
    for (String w : words) {
      out.add(fill(w, values));
    }
    return out;
  }

  /** The text with every placeholder replaced; same rules as {@link #fill(Map)}. */
  public static String fill(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = values.get(name);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("the request gives no value for {" + name + "}");
      }
      if (!SAFE_VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException("the value for {" + name + "} ('" + value
            + "') has characters outside [A-Za-z0-9._+:@-]; refused");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
