package io.modelrunner.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a report run as {@code <run>.md} and {@code <run>.csv} and replaces {@code latest.md} and
 * {@code latest.csv}. Every number is printed beside the one {@code latest.csv} held before the
 * run, with the change, so that a regression shows.
 */
public final class ReportWriter {
  /** A change smaller than this (relative) is never called better or worse. */
  static final double NOISE = 0.10;

  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReportWriter() {}

  /** What happened to one selected suite: a result, or the reason it failed. */
  public record SuiteOutcome(String id, String title, SuiteResult result, String failure) {
    public SuiteOutcome {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(title, "title");
      if ((result == null) == (failure == null)) {
        throw new IllegalArgumentException("exactly one of result and failure");
      }
    }
  }

  /** A part of the benchmark plan that has no suite yet, and why. */
  public record Pending(String title, String why) {}

  /**
   * One run of the report.
   *
   * @param runId the run's id (its UTC start time, {@code yyyyMMdd-HHmmss})
   * @param command the command line, as a person would type it
   * @param machine name → value facts about the machine and tools
   * @param outcomes the selected suites, in order
   * @param pending planned parts with no suite yet
   */
  public record Run(
      String runId,
      Instant started,
      Duration took,
      String command,
      boolean quick,
      Map<String, String> machine,
      List<SuiteOutcome> outcomes,
      List<Pending> pending) {
    public Run {
      outcomes = List.copyOf(outcomes);
      pending = List.copyOf(pending);
      machine = new LinkedHashMap<>(machine);
    }

    /** Every measurement of this run, attributed to it. */
    public List<Measurement> measurements() {
      List<Measurement> all = new ArrayList<>();
      for (SuiteOutcome o : outcomes) {
        if (o.result() != null) {
          o.result().measurements().forEach(m -> all.add(m.inRun(runId)));
        }
      }
      return all;
    }
  }

  /** The files a run wrote. */
  public record Written(Path markdown, Path csv, Path latestMarkdown, Path latestCsv) {}

  public static String runId(Instant started) {
    return RUN_ID.format(started);
  }

  /**
   * Writes the run's report into {@code dir}, comparing with {@code dir/latest.csv}, then replaces
   * {@code latest.*}. The new {@code latest.csv} keeps the previous rows of suites this run did not
   * measure, so that a partial run does not lose the baseline of the others.
   */
  public static Written write(Path dir, Run run) throws IOException {
    Files.createDirectories(dir);
    Path latestCsv = dir.resolve("latest.csv");
    List<Measurement> previous = Csv.read(latestCsv);
    List<Measurement> current = run.measurements();
    Path md = dir.resolve(run.runId() + ".md");
    Path csv = dir.resolve(run.runId() + ".csv");
    Files.writeString(md, markdown(run, previous), StandardCharsets.UTF_8);
    Csv.write(current, csv);
    Path latestMd = dir.resolve("latest.md");
    Files.copy(md, latestMd, StandardCopyOption.REPLACE_EXISTING);
    Path tmp = dir.resolve("latest.csv.tmp");
    Csv.write(merged(current, previous, suitesMeasured(run)), tmp);
    Files.move(tmp, latestCsv, StandardCopyOption.REPLACE_EXISTING);
    return new Written(md, csv, latestMd, latestCsv);
  }

  static Set<String> suitesMeasured(Run run) {
    Set<String> ids = new LinkedHashSet<>();
    for (SuiteOutcome o : run.outcomes()) {
      if (o.result() != null) {
        ids.add(o.id());
      }
    }
    return ids;
  }

  /** The current rows, then the previous rows of suites not measured now. */
  static List<Measurement> merged(
      List<Measurement> current, List<Measurement> previous, Set<String> measuredSuites) {
    List<Measurement> out = new ArrayList<>(current);
    for (Measurement m : previous) {
      if (!measuredSuites.contains(m.suite())) {
        out.add(m);
      }
    }
    return out;
  }

  /** The Markdown report of {@code run}, each number beside its value in {@code previous}. */
  public static String markdown(Run run, List<Measurement> previous) {
    Map<String, Measurement> before = new HashMap<>();
    previous.forEach(m -> before.put(m.key(), m));
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark report ").append(run.runId()).append("\n\n");
    md.append("- Command: `").append(run.command()).append("`\n");
    md.append("- Mode: ")
        .append(run.quick() ? "quick (small sizes, few rounds: not numbers to keep)" : "full")
        .append('\n');
    md.append("- Started: ")
        .append(
            DateTimeFormatter.ISO_INSTANT.format(
                run.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
        .append(", took ")
        .append(run.took().toSeconds())
        .append(" s\n");
    Set<String> previousRuns = new LinkedHashSet<>();
    previous.forEach(m -> previousRuns.add(m.run().isEmpty() ? "?" : m.run()));
    md.append("- Previous numbers: ")
        .append(
            previous.isEmpty()
                ? "none (no `latest.csv` before this run)"
                : "`latest.csv` before this run (run " + String.join(", ", previousRuns) + ")")
        .append('\n');
    md.append(
        "- Every number is a median over rounds, iterations or forks; the spread is min–max"
            + " over the same (p25/p75 are in the CSV). A change of more than "
            + Math.round(NOISE * 100)
            + "% whose min–max range does not overlap the previous one is marked **better** or"
            + " **worse**.\n\n");

    md.append("## Machine\n\n| | |\n|---|---|\n");
    run.machine()
        .forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
    md.append('\n');

    for (SuiteOutcome o : run.outcomes()) {
      md.append("## ").append(o.title()).append("\n\n");
      if (o.failure() != null) {
        md.append("**Failed:** ").append(cell(o.failure())).append("\n\n");
        continue;
      }
      md.append(o.result().notes().strip()).append("\n\n");
      md.append(
          "| item | metric | median | spread (min–max, n) | previous | change | target |\n"
              + "|---|---|---:|---|---:|---|---|\n");
      for (Measurement m : o.result().measurements()) {
        Measurement old = before.get(m.key());
        Summary s = m.summary();
        md.append("| ")
            .append(cell(m.item()))
            .append(" | ")
            .append(cell(m.metric()))
            .append(" | ")
            .append(format(s.median()))
            .append(' ')
            .append(m.unit())
            .append(" | ")
            .append(s.n() > 1 ? format(s.min()) + "–" + format(s.max()) + " (" + s.n() + ")" : "")
            .append(" | ")
            .append(old == null ? "—" : format(old.summary().median()))
            .append(" | ")
            .append(change(m, old))
            .append(" | ")
            .append(cell(m.target()))
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!run.pending().isEmpty()) {
      md.append("## Not measured yet\n\n");
      for (Pending p : run.pending()) {
        md.append("- **").append(p.title()).append("**: ").append(p.why()).append('\n');
      }
      md.append('\n');
    }
    return md.toString();
  }

  /** The change from {@code old} to {@code now}, and whether it is beyond noise. */
  static String change(Measurement now, Measurement old) {
    if (old == null) {
      return "new";
    }
    double a = old.summary().median();
    double b = now.summary().median();
    if (a == 0) {
      return b == 0 ? "0%" : "n/a";
    }
    double rel = (b - a) / Math.abs(a);
    String pct = String.format(Locale.ROOT, "%+.0f%%", rel * 100);
    if (now.better() == Better.NEITHER || Math.abs(rel) <= NOISE) {
      return pct;
    }
    boolean disjoint =
        now.summary().max() < old.summary().min() || now.summary().min() > old.summary().max();
    if (!disjoint) {
      return pct + " (within spread)";
    }
    boolean up = rel > 0;
    boolean better = (now.better() == Better.HIGHER) == up;
    return pct + (better ? " **better**" : " **worse**");
  }

  /** A number with about three significant digits, without exponent. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v).replace(',', ' ');
    } else if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    } else if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    } else if (a == 0) {
      return "0";
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).toPlainString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
