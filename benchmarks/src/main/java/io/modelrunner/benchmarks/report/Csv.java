package io.modelrunner.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks quoted,
 * quotes doubled), one {@link Measurement} a row under a fixed header.
 */
public final class Csv {
  /** The header; the column order never changes, new columns are only ever appended. */
  public static final List<String> HEADER =
      List.of(
          "suite", "item", "metric", "unit", "better", "median", "p25", "p75", "min", "max", "n",
          "target", "run");

  private Csv() {}

  public static String write(List<Measurement> rows) {
    StringBuilder out = new StringBuilder();
    line(out, HEADER);
    for (Measurement m : rows) {
      Summary s = m.summary();
      line(
          out,
          List.of(
              m.suite(),
              m.item(),
              m.metric(),
              m.unit(),
              m.better().name().toLowerCase(Locale.ROOT),
              number(s.median()),
              number(s.p25()),
              number(s.p75()),
              number(s.min()),
              number(s.max()),
              Integer.toString(s.n()),
              m.target(),
              m.run()));
    }
    return out.toString();
  }

  public static void write(List<Measurement> rows, Path file) throws IOException {
    Files.writeString(file, write(rows), StandardCharsets.UTF_8);
  }

  /** The rows of a report CSV; an absent file has none. */
  public static List<Measurement> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Parses report CSV text. Columns are found by header name, so a file written by an older harness
   * with fewer columns still reads.
   *
   * @throws IllegalArgumentException when a required column is missing or a number is malformed
   */
  public static List<Measurement> parse(String text) {
    List<List<String>> records = records(text);
    if (records.isEmpty()) {
      return List.of();
    }
    List<String> header = records.get(0);
    int suite = column(header, "suite");
    int item = column(header, "item");
    int metric = column(header, "metric");
    int unit = column(header, "unit");
    int better = column(header, "better");
    int median = column(header, "median");
    int min = column(header, "min");
    int max = column(header, "max");
    int n = column(header, "n");
    int p25 = header.indexOf("p25");
    int p75 = header.indexOf("p75");
    int target = header.indexOf("target");
    int run = header.indexOf("run");
    List<Measurement> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      if (r.size() == 1 && r.get(0).isEmpty()) {
        continue;
      }
      double med = Double.parseDouble(r.get(median));
      rows.add(
          new Measurement(
              r.get(suite),
              r.get(item),
              r.get(metric),
              r.get(unit),
              Better.valueOf(r.get(better).toUpperCase(Locale.ROOT)),
              new Summary(
                  med,
                  p25 < 0 ? med : Double.parseDouble(r.get(p25)),
                  p75 < 0 ? med : Double.parseDouble(r.get(p75)),
                  Double.parseDouble(r.get(min)),
                  Double.parseDouble(r.get(max)),
                  Integer.parseInt(r.get(n))),
              target < 0 || target >= r.size() ? "" : r.get(target),
              run < 0 || run >= r.size() ? "" : r.get(run)));
    }
    return rows;
  }

  private static int column(List<String> header, String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("report CSV has no '" + name + "' column: " + header);
    }
    return i;
  }

  /** Numbers as plain decimals with up to 6 significant fraction digits, no exponent. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(7)).toPlainString();
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  private static void line(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quote(fields.get(i)));
    }
    out.append('\n');
  }

  static String quote(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  /** Splits CSV text into records of fields, honouring quotes. */
  static List<List<String>> records(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
        any = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("report CSV ends inside a quoted field");
    }
    if (any) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
