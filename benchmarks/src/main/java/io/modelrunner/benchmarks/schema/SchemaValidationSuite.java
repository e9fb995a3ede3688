package io.modelrunner.benchmarks.schema;

import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Measurement;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import io.modelrunner.benchmarks.report.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

  /** Warm request benchmarks (issue 15), in report order, with what each measures. */
  private static final Map<String, String> REQUEST = new LinkedHashMap<>();

  static {
    REQUEST.put(
        "oldRunnerSchema",
        "old path: epidemic request against the built-in `runner` schema (one walk)");
    REQUEST.put(
        "newBuiltInInput",
        "new path: `RequestValidator.check`, empty catalog (`request` envelope, then"
            + " `configuration` against the built-in `input` schema)");
    REQUEST.put(
        "newCatalogSchema",
        "new path: `RequestValidator.check`, a catalog model declaring its own (non-epidemic)"
            + " input schema, a matching request");
    REQUEST.put("newEnvelopeOnly", "part of the new path: the `request` envelope walk alone");
    REQUEST.put(
        "newConfigurationOnly",
        "part of the new path: the `configuration` walk alone (built-in `input` schema)");
    REQUEST.put("parseRequest", "reference: parsing the epidemic request (both paths, not above)");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 5: schema validation of a large model output and of run requests";
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
        warmOptions(name, WARM.keySet(), TimeUnit.MILLISECONDS, warmups, iterations)
            .param("timestamps", Integer.toString(timestamps));
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

    Path requestFile =
        Path.of(ctx.options().getOrDefault("schema-request", "examples/request.json"))
            .toAbsolutePath();
    if (!Files.isRegularFile(requestFile)) {
      throw new IllegalStateException(
          "no run request at "
              + requestFile
              + " (run from the repository root, or give"
              + " --schema-request FILE)");
    }
    ctx.log()
        .printf(
            Locale.ROOT,
            "schema: JMH warm request runs (%d benchmarks × (%d + %d) s), request %s%n",
            REQUEST.size(),
            warmups,
            iterations,
            requestFile);
    String requestName = RequestValidationBenchmark.class.getName();
    ChainedOptionsBuilder requests =
        warmOptions(requestName, REQUEST.keySet(), TimeUnit.MICROSECONDS, warmups, iterations)
            .param("requestFile", requestFile.toString());
    Collection<RunResult> requestResults = new Runner(requests.build()).run();

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

    StringBuilder requestTable = new StringBuilder();
    requestTable.append(
        "| benchmark | µs per request (median, min–max) | allocated per request |\n"
            + "|---|---:|---:|\n");
    Map<String, Double> medians = new LinkedHashMap<>();
    for (String bench : REQUEST.keySet()) {
      medians.put(
          bench,
          addRequestRows(
              rows, requestTable, bench, REQUEST.get(bench), find(requestResults, bench)));
    }
    double old = medians.get("oldRunnerSchema");
    String ratios = "";
    for (String bench : List.of("newBuiltInInput", "newCatalogSchema")) {
      double ratio = medians.get(bench) / old;
      rows.add(
          Measurement.of(
              ID,
              "request " + bench + " / oldRunnerSchema",
              "ratio new/old",
              "x",
              Better.LOWER,
              Summary.single(ratio),
              ""));
      ratios +=
          String.format(
              Locale.ROOT,
              "%s / oldRunnerSchema: **%.2f×** (%s vs %s µs).\n",
              bench,
              ratio,
              ReportWriter.format(medians.get(bench)),
              ReportWriter.format(old));
    }

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
            + table
            + String.format(
                Locale.ROOT,
                "\nRequest validation (issue 15), warm, on a parsed request: `%s` (%d bytes) and"
                    + " a small non-epidemic request whose catalog model declares its own input"
                    + " schema (benchmark resources `schema/energy-*.json`); same JMH settings,"
                    + " in µs per request.\n\n",
                requestFile.getFileName(),
                Files.size(requestFile))
            + requestTable
            + "\n"
            + ratios;
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

  /** Adds a request benchmark's rows (µs, KiB) and table line; returns its median µs. */
  private static double addRequestRows(
      List<Measurement> rows, StringBuilder table, String bench, String what, RunResult r) {
    String item = "warm request " + bench;
    Summary us = summary(r.getPrimaryResult().getStatistics());
    rows.add(Measurement.of(ID, item, "time/op", "µs", Better.LOWER, us, ""));
    Result<?> alloc = secondary(r, "gc.alloc.rate.norm");
    Summary allocKib = null;
    if (alloc != null) {
      Summary bytes = summary(alloc.getStatistics());
      allocKib =
          new Summary(
              bytes.median() / 1024,
              bytes.p25() / 1024,
              bytes.p75() / 1024,
              bytes.min() / 1024,
              bytes.max() / 1024,
              bytes.n());
      rows.add(Measurement.of(ID, item, "allocated/op", "KiB", Better.LOWER, allocKib, ""));
    }
    table
        .append("| ")
        .append(bench)
        .append(" — ")
        .append(what)
        .append(" | ")
        .append(ReportWriter.format(us.median()))
        .append(" µs (")
        .append(ReportWriter.format(us.min()))
        .append("–")
        .append(ReportWriter.format(us.max()))
        .append(") | ")
        .append(allocKib == null ? "n/a" : ReportWriter.format(allocKib.median()) + " KiB")
        .append(" |\n");
    return us.median();
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

  /**
   * Warm JMH options for {@code benchmarks} of class {@code className}: one fork, average time in
   * {@code unit}, one-second warm-up and measured iterations, the suite's heap and the GC profiler.
   */
  private static ChainedOptionsBuilder warmOptions(
      String className, Set<String> benchmarks, TimeUnit unit, int warmups, int iterations) {
    return new OptionsBuilder()
        .include(className + "\\.(" + String.join("|", benchmarks) + ")$")
        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
        .timeUnit(unit)
        .forks(1)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(1))
        .jvmArgs(JVM_ARGS.toArray(String[]::new))
        .addProfiler(GCProfiler.class)
        .verbosity(VerboseMode.SILENT)
        .shouldFailOnError(true);
  }
}
