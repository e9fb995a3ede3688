package io.modelrunner.benchmarks;

import io.modelrunner.benchmarks.report.Machine;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark harness's command line.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar report [--quick] [--suites overhead,cancel,adapter,...]
 *     [--results DIR] [--work DIR] [--SUITE-OPTION VALUE ...]
 * java -jar benchmarks/target/benchmarks.jar list
 * java -jar benchmarks/target/benchmarks.jar jmh [JMH options]
 * </pre>
 */
public final class Main {
  private static final Set<String> FLAGS = Set.of("quick");

  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    switch (args[0]) {
      case "report":
        return report(Arrays.copyOfRange(args, 1, args.length), out, err);
      case "list":
        list(out);
        return 0;
      case "jmh":
        org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
        return 0;
      default:
        err.println("unknown command '" + args[0] + "'\n" + usage());
        return 2;
    }
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: java -jar benchmarks.jar report [--quick] [--suites ID,...] [--results DIR]"
            + " [--work DIR] [--OPTION VALUE ...]",
        "       java -jar benchmarks.jar list     (suites, their options and requirements)",
        "       java -jar benchmarks.jar jmh ...  (JMH's own command line)",
        "Run from the repository root: results go to benchmarks/results/ by default.");
  }

  private static void list(PrintStream out) {
    for (Suite s : Suites.all()) {
      out.println(s.id() + ": " + s.title());
      for (Requirement r : s.requirements()) {
        out.println("  needs " + r.name() + " (" + r.install() + ")");
      }
    }
    Suites.pending().forEach(p -> out.println("(pending) " + p.title() + ": " + p.why()));
    out.println(
        "options: --runner-jar (overhead, cancel, load, pool, durability; default "
            + "runner-app/target/model-runner.jar) | --overhead-pairs --overhead-warmups"
            + " --cli-rounds | --cli-dist-rounds --distribution PATH (cli; default"
            + " distribution/target/model-runner-*.tar.gz; --baseline-jar adds the launcher on"
            + " that jar) | --cancel-runs --cancel-warmups | --adapter-rounds"
            + " --adapter-seconds --adapter-warmup-seconds --adapter-concurrency 1,8,32"
            + " --adapter-workers --gunicorn-threads | --export-mb --export-rounds"
            + " --export-threads | --schema-timestamps --schema-warmups --schema-iterations"
            + " --schema-cold-forks --schema-request FILE (default examples/request.json)"
            + " | --load-runs --load-concurrency --load-warmups | --pool-runs"
            + " --pool-rounds --pool-nodes 1,2,3 --pool-slots --pool-warmups --pg-url --pg-user"
            + " --pg-password | --baseline-jar (durability: the runner jar of the 'before'"
            + " commit; benchmarks/run.sh --baseline-ref REF builds it) --durability-runs"
            + " --durability-rounds --durability-warmups --durability-clients --durability-slots"
            + " --durability-variants before,after-h2,after,after-pg[,before-pg]"
            + " | --slurm-rounds --slurm-cancels --slurm-warmups --slurm-runc-root DIR (slurm;"
            + " the cluster from the variables .ci/slurm.sh prints)");
  }

  static int report(String[] args, PrintStream out, PrintStream err) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    Set<String> flags = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        err.println("unexpected argument '" + a + "'\n" + usage());
        return 2;
      }
      String name = a.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        options.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (FLAGS.contains(name)) {
        flags.add(name);
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        err.println("option --" + name + " needs a value");
        return 2;
      }
    }
    boolean quick = flags.contains("quick");
    Path cwd = Path.of("").toAbsolutePath();
    Path module =
        Files.isRegularFile(cwd.resolve("benchmarks/pom.xml")) ? cwd.resolve("benchmarks") : null;
    Path results = path(options.remove("results"), module, "results");
    Path work = path(options.remove("work"), module, "target/bench-work");
    if (results == null || work == null) {
      err.println(
          "run from the repository root (where benchmarks/ is), or give --results and --work");
      return 2;
    }

    List<Suite> selected = select(options.remove("suites"), err);
    if (selected == null) {
      return 2;
    }
    List<String> missing = new ArrayList<>();
    for (Suite s : selected) {
      for (Requirement r : s.requirements()) {
        if (!r.present()) {
          missing.add(s.id() + " needs " + r.name() + ": " + r.install());
        }
      }
    }
    if (!missing.isEmpty()) {
      err.println("Not started; this harness installs nothing. Missing:");
      missing.forEach(m -> err.println("  - " + m));
      err.println("Install them, or leave those suites out with --suites.");
      return 3;
    }

    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(p -> Path.of(p).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    Files.createDirectories(work);
    SuiteContext ctx = new SuiteContext(quick, work, classpath, options, out);
    Instant started = Instant.now();
    String loadBefore = Machine.loadAverage();
    String runId = ReportWriter.runId(started);
    List<ReportWriter.SuiteOutcome> outcomes = new ArrayList<>();
    boolean failed = false;
    for (Suite s : selected) {
      out.println("== " + s.title());
      long t0 = System.nanoTime();
      try {
        SuiteResult r = s.run(ctx);
        outcomes.add(new ReportWriter.SuiteOutcome(s.id(), s.title(), r, null));
      } catch (Exception | Error e) {
        failed = true;
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        err.println(s.id() + " failed: " + trace);
        outcomes.add(new ReportWriter.SuiteOutcome(s.id(), s.title(), null, e.toString()));
      }
      out.printf("== %s took %d s%n", s.id(), (System.nanoTime() - t0) / 1_000_000_000L);
    }
    String command = System.getenv("BENCHMARKS_COMMAND");
    if (command == null || command.isBlank()) {
      command =
          "java -jar "
              + System.getProperty("java.class.path")
              + " report "
              + String.join(" ", args);
    }
    ReportWriter.Run run =
        new ReportWriter.Run(
            runId,
            started,
            Duration.between(started, Instant.now()),
            command.strip(),
            quick,
            machine(cwd, loadBefore),
            outcomes,
            Suites.pending());
    ReportWriter.Written written = ReportWriter.write(results, run);
    out.println(
        "report: " + cwd.relativize(written.markdown()) + ", " + cwd.relativize(written.csv()));
    out.println(
        "latest: "
            + cwd.relativize(written.latestMarkdown())
            + ", "
            + cwd.relativize(written.latestCsv()));
    return failed ? 1 : 0;
  }

  private static Map<String, String> machine(Path cwd, String loadBefore) {
    Map<String, String> m = Machine.describe(cwd);
    if (!loadBefore.isEmpty()) {
      m.put(
          "load average 1/5/15 min, before the run → at its end",
          loadBefore
              + " → "
              + Machine.loadAverage()
              + " (before: other work on the machine, which shares its cores with the benchmark;"
              + " at the end this includes the benchmark's own threads)");
    }
    return m;
  }

  private static Path path(String given, Path module, String inModule) {
    if (given != null) {
      return Path.of(given).toAbsolutePath();
    }
    return module == null ? null : module.resolve(inModule);
  }

  private static List<Suite> select(String ids, PrintStream err) {
    List<Suite> all = Suites.all();
    if (ids == null || ids.isBlank()) {
      return all;
    }
    List<Suite> selected = new ArrayList<>();
    for (String id : ids.split(",")) {
      Suite s = all.stream().filter(x -> x.id().equals(id.strip())).findFirst().orElse(null);
      if (s == null) {
        err.println(
            "unknown suite '"
                + id
                + "'; known: "
                + all.stream().map(Suite::id).collect(Collectors.joining(", ")));
        return null;
      }
      selected.add(s);
    }
    return selected;
  }
}
