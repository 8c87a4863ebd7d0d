package dev.relay.gate.table;

import dev.relay.contracts.GatePhase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks the gate table. Decides whether a table may be used at all: any bad row refuses the whole table,
 * with every problem named by line, Gate_ID and field, so the service never runs with half a table.
 */
public final class GateTableLoader {

  public static final String GATE_ID = "Gate_ID";
  public static final String SCRIPT_COMMAND = "Script_Command";
  public static final String PASS_THRESHOLD = "Pass_Threshold";

  /** Builtins whose threshold is the percent of nodes that must pass. */
  private static final java.util.Set<Builtin> SHARE_OF_NODES =
      java.util.EnumSet.of(Builtin.CLUSTER_HEALTH, Builtin.KEY_PERSISTENCE, Builtin.NO_DOWNGRADE);
  public static final String FAIL_ACTION = "Fail_Action";
  public static final String DEPLOYMENT_TIER = "Deployment_Tier";
  public static final String NAME = "Name";
  public static final String PHASE = "Phase";
  public static final String TIMEOUT = "Timeout";

  private static final List<String> REQUIRED = List.of(GATE_ID, SCRIPT_COMMAND, PASS_THRESHOLD, FAIL_ACTION, DEPLOYMENT_TIER);
  private static final List<String> OPTIONAL = List.of(NAME, PHASE, TIMEOUT);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern URL_IN_WORD = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s'\"]+");

  private GateTableLoader() {}

  /** Loads the table from a file with the default rules (loopback only, no service URLs). */
  public static GateTable load(Path file) {
    return load(file, LoadRules.defaults());
  }

  /** Loads the table from a file, or throws naming every problem; relative scripts resolve against its folder. */
  public static GateTable load(Path file, LoadRules rules) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GateTableException("gate table " + file.toAbsolutePath() + " cannot be read: " + e);
    }
    Path abs = file.toAbsolutePath();
    return parse(abs.toString(), text, rules.withBaseDir(abs.getParent()));
  }

  /** Checks the text of a table with the default rules; source names it in messages. */
  public static GateTable parse(String source, String text) {
    return parse(source, text, LoadRules.defaults());
  }

  /** Checks the text of a table against the rules; source names it in messages. */
  public static GateTable parse(String source, String text, LoadRules rules) {
    List<CsvReader.Row> rows;
    try {
      rows = CsvReader.parse(text);
    } catch (CsvReader.CsvSyntaxException e) {
      throw new GateTableException("gate table " + source + " refused: not valid CSV at " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new GateTableException("gate table " + source + " refused: it is empty (no header row)");
    }
    List<String> problems = new ArrayList<>();
    Map<String, Integer> columns = header(rows.get(0), problems);
    if (!problems.isEmpty()) {
      throw refused(source, problems);
    }
    List<GateDefinition> gates = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (CsvReader.Row row : rows.subList(1, rows.size())) {
      GateDefinition g = row(row, columns, ids, problems, rules);
      if (g != null) {
        gates.add(g);
      }
    }
    if (!problems.isEmpty()) {
      throw refused(source, problems);
    }
    return new GateTable(source, gates);
  }

  private static GateTableException refused(String source, List<String> problems) {
    return new GateTableException("gate table " + source + " refused (" + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
  }

  private static Map<String, Integer> header(CsvReader.Row row, List<String> problems) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < row.fields().size(); i++) {
      String name = row.fields().get(i).trim();
      if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
        problems.add("line " + row.line() + " (header): unknown column '" + name + "' (known: "
            + String.join(", ", REQUIRED) + ", " + String.join(", ", OPTIONAL) + ")");
      } else if (columns.put(name, i) != null) {
        problems.add("line " + row.line() + " (header): column " + name + " appears twice");
      }
    }
    for (String required : REQUIRED) {
      if (!columns.containsKey(required)) {
        problems.add("line " + row.line() + " (header): required column " + required + " is missing");
      }
    }
    return columns;
  }

  private static GateDefinition row(CsvReader.Row row, Map<String, Integer> columns, Set<String> ids,
      List<String> problems, LoadRules rules) {
    int before = problems.size();
    String rawId = value(row, columns, GATE_ID);
    String where = "line " + row.line() + " (Gate_ID " + (rawId == null || rawId.isEmpty() ? "<missing>" : rawId) + ")";
    if (row.fields().size() != columns.size()) {
      problems.add(where + ": the row has " + row.fields().size() + " fields but the header has " + columns.size());
      return null;
    }
    String id = required(row, columns, GATE_ID, where, problems);
    if (id != null) {
      if (!ID.matcher(id).matches()) {
        problems.add(where + ": field Gate_ID '" + id + "' may only use letters, digits, '.', '_' and '-'");
      } else if (!ids.add(id)) {
        problems.add(where + ": field Gate_ID is a duplicate: '" + id + "' is already defined above");
      }
    }
    String command = required(row, columns, SCRIPT_COMMAND, where, problems);
    BigDecimal threshold = null;
    String thresholdText = required(row, columns, PASS_THRESHOLD, where, problems);
    if (thresholdText != null) {
      try {
        threshold = new BigDecimal(thresholdText);
      } catch (NumberFormatException e) {
        problems.add(where + ": field Pass_Threshold '" + thresholdText + "' is not a number");
      }
    }
    FailAction action = null;
    String actionText = required(row, columns, FAIL_ACTION, where, problems);
    if (actionText != null) {
      try {
        action = FailAction.valueOf(actionText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": field Fail_Action '" + actionText + "' is unknown (ABORT, DEFER, ROLLBACK, WARN)");
      }
    }
    GateTier tier = null;
    String tierText = required(row, columns, DEPLOYMENT_TIER, where, problems);
    if (tierText != null) {
      tier = GateTier.parse(tierText);
      if (tier == null) {
        problems.add(where + ": field Deployment_Tier '" + tierText + "' is unknown (1, 2, ALL)");
      }
    }
    GatePhase phase = GatePhase.PRE_FLIGHT;
    String phaseText = value(row, columns, PHASE);
    if (phaseText != null && !phaseText.isEmpty()) {
      try {
        phase = GatePhase.valueOf(phaseText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": field Phase '" + phaseText + "' is unknown (PRE_FLIGHT, PRE_SWITCH, POST_DEPLOY)");
      }
    }
    Duration timeout = null;
    String timeoutText = value(row, columns, TIMEOUT);
    if (timeoutText != null && !timeoutText.isEmpty()) {
      try {
        timeout = Durations.parse(timeoutText);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": field Timeout " + e.getMessage());
      }
    }
    String name = value(row, columns, NAME);
    CommandTemplate template = null;
    GateKindName kind = null;
    Builtin builtin = null;
    if (command != null) {
      try {
        kind = kindOf(command);
        builtin = kind == GateKindName.BUILTIN ? builtinOf(command) : null;
        CommandTemplate raw = template(kind, builtin, command);
        for (String p : raw.placeholders()) {
          if (!CommandTemplate.KNOWN.contains(p) && !LoadRules.SERVICE_PLACEHOLDERS.contains(p)) {
            problems.add(where + ": field Script_Command uses unknown placeholder {" + p + "}: the request cannot "
                + "fill it (known: {cluster}, {artifact}, {version}, {tier}, {phase}, {group}; from configuration: "
                + "{node-adapter}, {artifact-service}, {compliance-watcher})");
          } else if (LoadRules.SERVICE_PLACEHOLDERS.contains(p) && !rules.services().containsKey(p)) {
            problems.add(where + ": field Script_Command uses {" + p + "}, but relay." + p
                + ".url is not configured");
          }
        }
        if (problems.size() == before) {
          template = resolve(kind, raw, rules);
          hostsAllowed(kind, template, rules.allowedHosts());
        }
      } catch (IllegalArgumentException e) {
        problems.add(where + ": field Script_Command: " + e.getMessage());
      }
    }
    if (threshold != null && builtin != null && SHARE_OF_NODES.contains(builtin)
        && (threshold.signum() <= 0 || threshold.compareTo(BigDecimal.valueOf(100)) > 0)) {
      // a share of nodes in percent: 0 would pass a cluster with no healthy node, above 100 never passes
      problems.add(where + ": field Pass_Threshold " + threshold.toPlainString() + " is not a share of nodes for "
          + builtin.usage() + ": it must be above 0 and at most 100 (percent)");
    }
    if (problems.size() > before) {
      return null;
    }
    return new GateDefinition(id, name == null || name.isEmpty() ? id : name, command, template, kind, builtin,
        threshold, action, tier, phase, timeout, row.line());
  }

  /** Fills the service placeholders and resolves a relative script path against the table's folder. */
  private static CommandTemplate resolve(GateKindName kind, CommandTemplate raw, LoadRules rules) {
    List<String> words = new ArrayList<>();
    for (String w : raw.words()) {
      words.add(fillServices(w, rules.services()));
    }
    if (kind == GateKindName.COMMAND && rules.baseDir() != null) {
      String program = words.get(0);
      if (program.contains("/") && !program.startsWith("/")) {
        words.set(0, rules.baseDir().resolve(program).normalize().toString());
      }
    }
    if (kind == GateKindName.HTTP) {
      checkUrl(words.get(0));
    }
    return new CommandTemplate(words);
  }

  private static String fillServices(String word, Map<String, String> services) {
    String out = word;
    for (Map.Entry<String, String> e : services.entrySet()) {
      String url = e.getValue().endsWith("/") ? e.getValue().substring(0, e.getValue().length() - 1) : e.getValue();
      out = out.replace("{" + e.getKey() + "}", url);
    }
    return out;
  }

  /** Every URL a gate would reach (the http gate's, any http(s) URL in a command) must be on the allow-list. */
  private static void hostsAllowed(GateKindName kind, CommandTemplate t, HostAllowList allowed) {
    for (String w : t.words()) {
      Matcher m = URL_IN_WORD.matcher(w);
      while (m.find()) {
        String url = CommandTemplate.fill(m.group(), sampleValues());
        allowed.refusal(url).ifPresent(r -> {
          throw new IllegalArgumentException(r + " (a gate may only reach allowed hosts)");
        });
      }
    }
  }

  private static Map<String, String> sampleValues() {
    Map<String, String> sample = new HashMap<>();
    CommandTemplate.KNOWN.forEach(k -> sample.put(k, "x"));
    return sample;
  }

  private static Builtin builtinOf(String command) {
    String first = command.split("\\s+", 2)[0];
    return Builtin.byName(first).orElseThrow(() -> new IllegalArgumentException("unknown builtin '" + first
        + "' (known: " + Builtin.known() + ")"));
  }

  private static GateKindName kindOf(String command) {
    if (command.startsWith("builtin:")) {
      return GateKindName.BUILTIN;
    }
    if (command.startsWith("http:")) {
      return GateKindName.HTTP;
    }
    return GateKindName.COMMAND;
  }

  private static CommandTemplate template(GateKindName kind, Builtin builtin, String command) {
    switch (kind) {
      case HTTP -> {
        String url = command.substring("http:".length()).trim();
        if (url.startsWith("//")) {
          url = command.trim();
        }
        if (url.isEmpty() || url.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("an http gate needs exactly one URL after 'http:', got '" + url + "'");
        }
        return new CommandTemplate(List.of(url));
      }
      case BUILTIN -> {
        CommandTemplate t = arity(CommandTemplate.parse(command), builtin.arity(), builtin.usage());
        if (builtin == Builtin.CHAOS) {
          percent(t.words().get(2));
        }
        return t;
      }
      default -> {
        return CommandTemplate.parse(command);
      }
    }
  }

  private static void percent(String word) {
    try {
      BigDecimal p = new BigDecimal(word);
      if (p.signum() <= 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the percent of nodes to kill must be a number in (0, 100], got '" + word
          + "'");
    }
  }

  private static CommandTemplate arity(CommandTemplate t, int args, String usage) {
    if (t.words().size() != args + 1) {
      throw new IllegalArgumentException("takes " + args + " argument" + (args == 1 ? "" : "s") + ": " + usage);
    }
    return t;
  }

  private static void checkUrl(String url) {
    Map<String, String> sample = new HashMap<>();
    CommandTemplate.KNOWN.forEach(k -> sample.put(k, "x"));
    String filled = CommandTemplate.fill(url, sample);
    try {
      URI uri = new URI(filled);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("'" + url + "' is not an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage());
    }
  }

  private static String value(CsvReader.Row row, Map<String, Integer> columns, String column) {
    Integer i = columns.get(column);
    if (i == null || i >= row.fields().size()) {
      return null;
    }
    return row.fields().get(i).trim();
  }

  private static String required(CsvReader.Row row, Map<String, Integer> columns, String column, String where,
      List<String> problems) {
    String v = value(row, columns, column);
    if (v == null || v.isEmpty()) {
      problems.add(where + ": field " + column + " is missing");
      return null;
    }
    return v;
  }
}
