package io.modelrunner.benchmarks.schema;

import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Measurement;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import io.modelrunner.benchmarks.report.Summary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * Part 5: runs {@link SchemaValidationBenchmark} with JMH and its GC profiler: warm (one forked
 * JVM, warm-up iterations then measured ones) and cold (a new JVM per measurement, one validation
 * each).
 */
public final class SchemaValidationSuite implements Suite {
  static final String ID = "schema";
  static final List<String> JVM_ARGS = List.of("-Xms1g", "-Xmx1g");
  private static final double MIB = 1024.0 * 1024.0;

  /** Warm benchmarks, in report order, with what each measures. */
  private static final Map<String, String> WARM = new LinkedHashMap<>();

  static {
    WARM.put("parseAndValidate", "parse + validate (what the collect step does)");
    WARM.put("parseOnly", "parse only (standard mapper)");
    WARM.put("validateParsed", "validate an already parsed tree");
    WARM.put(
        "parseAsDoublesAndValidate", "diagnostic: parse as doubles (no BigDecimal) + validate");
    WARM.put("loadSchema", "new validator + load the output schema, no validation (warm JVM)");
    WARM.put("newValidator", "new validator + schema load + first validation (warm JVM)");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 5: schema validation of a large model output";
  }

  @Override
  public List<Requirement> requirements() {
    return List.of();
  }

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int timestamps = ctx.intOption("schema-timestamps", 100_000, 100_000);
    int warmups = ctx.intOption("schema-warmups", 2, 5);
    int iterations = ctx.intOption("schema-iterations", 3, 8);
    int coldForks = ctx.intOption("schema-cold-forks", 2, 8);
    double docMib = SchemaValidationBenchmark.documentBytes(timestamps) / MIB;
    String name = SchemaValidationBenchmark.class.getName();

    ctx.log()
        .printf(
            Locale.ROOT,
            "schema: JMH warm runs (%d benchmarks × (%d + %d) s) and %d cold forks%n",
            WARM.size(),
            warmups,
            iterations,
            coldForks);
    ChainedOptionsBuilder warm =
        new OptionsBuilder()
            .include(name + "\\.(" + String.join("|", WARM.keySet()) + ")$")
            .param("timestamps", Integer.toString(timestamps))
            .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
            .timeUnit(TimeUnit.MILLISECONDS)
            .forks(1)
            .warmupIterations(warmups)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgs(JVM_ARGS.toArray(String[]::new))
            .addProfiler(GCProfiler.class)
            .verbosity(VerboseMode.SILENT)
            .shouldFailOnError(true);
    Collection<RunResult> warmResults = new Runner(warm.build()).run();

    ChainedOptionsBuilder cold =
        new OptionsBuilder()
            .include(name + "\\.newValidator$")
            .param("timestamps", Integer.toString(timestamps))
            .mode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
            .timeUnit(TimeUnit.MILLISECONDS)
            .forks(coldForks)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementBatchSize(1)
            .jvmArgs(JVM_ARGS.toArray(String[]::new))
            .addProfiler(GCProfiler.class)
            .verbosity(VerboseMode.SILENT)
            .shouldFailOnError(true);
    Collection<RunResult> coldResults = new Runner(cold.build()).run();

    List<Measurement> rows = new ArrayList<>();
    rows.add(
        Measurement.of(
            ID,
            "document",
            "size (" + timestamps + " timestamps)",
            "MiB",
            Better.NEITHER,
            Summary.single(docMib),
            ""));
    StringBuilder table = new StringBuilder();
    table.append(
        "| benchmark | time/op (median) | MiB/s | allocated/op | allocated per input byte |\n"
            + "|---|---:|---:|---:|---:|\n");
    for (String bench : WARM.keySet()) {
      RunResult r = find(warmResults, bench);
      addRows(rows, table, "warm " + bench, WARM.get(bench), r, docMib);
    }
    addRows(
        rows,
        table,
        "cold JVM newValidator",
        "first validation in a new JVM (class loading, interpreter), one per fork",
        find(coldResults, "newValidator"),
        docMib);

    String notes =
        String.format(
                Locale.ROOT,
                "A %.1f MiB `data.json` (%d timestamps; all 11 severity series that long; floats"
                    + " as Python's `json.dump` writes them) validated against the built-in"
                    + " `output` schema through `SchemaValidator`. JMH %s with `-prof gc`, forked"
                    + " JVMs with `%s`. Warm: 1 fork, %d × 1 s warm-up, %d × 1 s measured (the"
                    + " spread is over those iterations). Cold: %d forks, each measuring one"
                    + " `newValidator` call in a fresh JVM (single-shot). Any JMH run by hand:"
                    + " `java -jar benchmarks/target/benchmarks.jar jmh SchemaValidation -prof"
                    + " gc`.\n\n",
                docMib,
                timestamps,
                org.openjdk.jmh.util.Version.getPlainVersion(),
                String.join(" ", JVM_ARGS),
                warmups,
                iterations,
                coldForks)
            + table;
    return new SuiteResult(rows, notes);
  }

  private static void addRows(
      List<Measurement> rows,
      StringBuilder table,
      String item,
      String what,
      RunResult r,
      double docMib) {
    Statistics time = r.getPrimaryResult().getStatistics();
    Summary ms = summary(time);
    Summary mibs =
        new Summary(
            docMib / (ms.median() / 1000),
            docMib / (ms.p75() / 1000),
            docMib / (ms.p25() / 1000),
            docMib / (ms.max() / 1000),
            docMib / (ms.min() / 1000),
            ms.n());
    boolean perDocument = !item.endsWith("loadSchema");
    rows.add(Measurement.of(ID, item, "time/op", "ms", Better.LOWER, ms, ""));
    if (perDocument) {
      rows.add(Measurement.of(ID, item, "throughput", "MiB/s", Better.HIGHER, mibs, ""));
    }
    Result<?> alloc = secondary(r, "gc.alloc.rate.norm");
    Summary allocMib = null;
    if (alloc != null) {
      Summary bytes = summary(alloc.getStatistics());
      allocMib =
          new Summary(
              bytes.median() / MIB,
              bytes.p25() / MIB,
              bytes.p75() / MIB,
              bytes.min() / MIB,
              bytes.max() / MIB,
              bytes.n());
      rows.add(Measurement.of(ID, item, "allocated/op", "MiB", Better.LOWER, allocMib, ""));
    }
    table
        .append("| ")
        .append(item)
        .append(" — ")
        .append(what)
        .append(" | ")
        .append(ReportWriter.format(ms.median()))
        .append(" ms | ")
        .append(perDocument ? ReportWriter.format(mibs.median()) : "—")
        .append(" | ")
        .append(allocMib == null ? "n/a" : ReportWriter.format(allocMib.median()) + " MiB")
        .append(" | ")
        .append(
            allocMib == null || !perDocument
                ? "—"
                : ReportWriter.format(allocMib.median() / docMib) + " B")
        .append(" |\n");
  }

  private static Summary summary(Statistics s) {
    if (s.getN() == 0) {
      return Summary.single(Double.NaN);
    }
    return new Summary(
        s.getPercentile(50),
        s.getPercentile(25),
        s.getPercentile(75),
        s.getMin(),
        s.getMax(),
        (int) s.getN());
  }

  private static Result<?> secondary(RunResult r, String label) {
    for (String key : r.getSecondaryResults().keySet()) {
      if (key.endsWith(label)) {
        return r.getSecondaryResults().get(key);
      }
    }
    return null;
  }

  private static RunResult find(Collection<RunResult> results, String method) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method)) {
        return r;
      }
    }
    throw new IllegalStateException("JMH produced no result for " + method);
  }
}
