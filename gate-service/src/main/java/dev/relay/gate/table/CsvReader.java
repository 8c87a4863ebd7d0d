package dev.relay.gate.table;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold commas, line breaks and
 * doubled quotes ({@code ""}). Decides where each record starts, so errors can name the line it came from.
 */
public final class CsvReader {

  /** One record and the 1-based line it starts on. */
  public record Row(int line, List<String> fields) {}

  /** Thrown for text that is not CSV (a quote left open, text after a closing quote). */
  public static final class CsvSyntaxException extends RuntimeException {
    private final int line;

    CsvSyntaxException(int line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private CsvReader() {}

  /** Every record of the text, blank lines skipped. */
  public static List<Row> parse(String text) {
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int rowStart = 1;
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStarted = false;
    int i = 0;
    if (text.startsWith("\uFEFF")) {
      i = 1;
    }
    int quoteLine = 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          if (afterQuote || (fieldStarted && !field.toString().isBlank())) {
            throw new CsvSyntaxException(line, "a quote inside an unquoted field (quote the whole field and double inner quotes)");
          }
          field.setLength(0);
          quoted = true;
          fieldStarted = true;
          quoteLine = line;
        }
        case ',' -> {
          fields.add(field.toString());
          field.setLength(0);
          fieldStarted = false;
          afterQuote = false;
        }
        case '\r' -> {
          // part of a CRLF line end; a lone CR is treated the same
        }
        case '\n' -> {
          fields.add(field.toString());
          addRow(rows, rowStart, fields);
          fields = new ArrayList<>();
          field.setLength(0);
          fieldStarted = false;
          afterQuote = false;
          line++;
          rowStart = line;
        }
        default -> {
          if (afterQuote) {
            if (c == ' ' || c == '\t') {
              continue;
            }
            throw new CsvSyntaxException(line, "text after the closing quote of a field");
          }
          field.append(c);
          fieldStarted = true;
        }
      }
    }
    if (quoted) {
      throw new CsvSyntaxException(quoteLine, "a quoted field is never closed");
    }
    if (fieldStarted || afterQuote || !fields.isEmpty()) {
      fields.add(field.toString());
      addRow(rows, rowStart, fields);
    }
    return rows;
  }

  private static void addRow(List<Row> rows, int line, List<String> fields) {
    boolean blank = fields.size() == 1 && fields.get(0).isBlank();
    if (!blank) {
      rows.add(new Row(line, List.copyOf(fields)));
    }
  }
}
