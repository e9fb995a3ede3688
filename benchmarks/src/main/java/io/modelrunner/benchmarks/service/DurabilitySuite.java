package io.modelrunner.benchmarks.service;

import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Commands;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import io.modelrunner.benchmarks.service.DurabilityPlan.Slot;
import io.modelrunner.benchmarks.service.DurabilityPlan.Variant;
import io.modelrunner.benchmarks.support.CpuTime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Part 7: what durable commits and the callback outbox cost (issue 13). The service of the baseline
 * commit (embedded H2, commits written up to 0.5 s later, callbacks sent directly) against the
 * current one on an explicit H2 file (the dispatch transaction, fenced claims and the outbox, with
 * the same storage engine), on its default SQLite (an fsync per commit), and on PostgreSQL;
 * measured side by side, every variant once per round. Each run is a trivial model of the process
 * engine (a shell script writing a valid {@code data.json}), so that the service's own costs — not
 * a container's — dominate; every run sends its callbacks to the harness's sink.
 */
public final class DurabilitySuite implements Suite {
  static final String ID = "durability";

  /** The image the catalog entry names (the process engine does not use it). */
  static final String IMAGE = "local/none:1";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 7: the cost of durable commits and the callback outbox (before / after)";
  }

  @Override
  public List<Requirement> requirements() {
    return List.of(
        new Requirement(
            "a POSIX shell (/bin/sh) with cat and printf",
            List.of("sh", "-c", "command -v cat && command -v printf"),
            "install a shell (Debian: dash, coreutils)"));
  }

  /** What one measurement (one variant in one round) gave. */
  record Result(
      double runsPerSecond,
      double seconds,
      double dispatchP50Ms,
      double dispatchP99Ms,
      double dispatchSeconds,
      double jvmCpuMsPerRun,
      double modelCpuMsPerRun,
      double busyPercent,
      Map<String, Double> threadMsPerRun,
      int notComplete,
      int missingStarts,
      int duplicateFinals,
      int duplicateStarts,
      double callbacksPerRun,
      long databaseBytes,
      long walBytes,
      int databaseRuns,
      Map<String, Long> pg) {}

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int runs = ctx.intOption("durability-runs", 40, 200);
    int rounds = ctx.intOption("durability-rounds", 1, 4);
    int warmups = ctx.intOption("durability-warmups", 20, 40);
    int clients = ctx.intOption("durability-clients", 8, 8);
    int slots = ctx.intOption("durability-slots", 8, 8);
    List<Variant> variants =
        DurabilityPlan.variants(
            ctx.options().getOrDefault("durability-variants", DurabilityPlan.DEFAULT_VARIANTS));
    // Everything a variant needs is checked before anything is measured.
    Path baselineSource = DurabilityPlan.baselineJar(ctx.options(), variants);
    Postgres pg = Postgres.from(ctx);
    if (variants.stream().anyMatch(v -> v.postgres)) {
      try (Connection c = DriverManager.getConnection(pg.adminUrl, pg.user, pg.password)) {
        c.isValid(5);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "the variants on PostgreSQL need it at "
                + pg.adminUrl
                + " ("
                + e.getMessage()
                + "): start it (.ci/postgres.sh), give --pg-url/--pg-user/--pg-password, or leave"
                + " it out with --durability-variants before,after-h2,after",
            e);
      }
    }

    Path root = ctx.workDir().resolve("service");
    Path dir = root.resolve(ID);
    RawDocker.delete(dir);
    Files.createDirectories(dir);
    RunnerJar current =
        RunnerJar.copy(
            Path.of(ctx.options().getOrDefault("runner-jar", RunnerJar.DEFAULT)).toAbsolutePath(),
            root.resolve("jar"));
    RunnerJar baseline =
        baselineSource == null
            ? null
            : RunnerJar.copy(baselineSource, root.resolve("jar-baseline"));
    ctx.log().printf("%s: current jar sha256 %s…%n", ID, current.sha256());
    if (baseline != null) {
      ctx.log().printf("%s: baseline jar %s (sha256 %s…)%n", ID, baselineSource, baseline.sha256());
    }
    Path catalog = writeCatalog(dir);
    String options = ctx.options().getOrDefault("serve-java-options", "").strip();
    List<String> javaOptions = options.isEmpty() ? List.of() : List.of(options.split("\\s+"));

    Map<Variant, List<Result>> results = new EnumMap<>(Variant.class);
    Map<Variant, Map<String, String>> shownConfig = new EnumMap<>(Variant.class);
    Map<Variant, String> shownCommand = new EnumMap<>(Variant.class);
    List<Double> fsyncMs = new ArrayList<>();
    int duplicatesAtEnd;
    long t0 = System.nanoTime();
    try (CallbackSink sink = new CallbackSink()) {
      int lastRound = -1;
      for (Slot slot : DurabilityPlan.schedule(rounds, variants)) {
        if (slot.round() != lastRound) {
          lastRound = slot.round();
          fsyncMs.addAll(fsyncProbe(dir.resolve("fsync-probe"), 50));
        }
        Variant v = slot.variant();
        RunnerJar jar = v.baseline ? baseline : current;
        Path nodeDir = dir.resolve("r" + (slot.round() + 1) + "-" + v.id);
        ctx.log()
            .printf(
                "%s: round %d/%d: %s, %d warm-up + %d runs from %d clients%n",
                ID, slot.round() + 1, rounds, v.label, warmups, runs, clients);
        Result r =
            measure(
                ctx,
                v,
                jar,
                javaOptions,
                nodeDir,
                catalog,
                sink,
                pg,
                runs,
                warmups,
                clients,
                slots,
                shownConfig,
                shownCommand);
        results.computeIfAbsent(v, x -> new ArrayList<>()).add(r);
        ctx.log()
            .printf(
                Locale.ROOT,
                "%s: %s: %.1f runs/s, dispatch p50 %.1f ms p99 %.1f ms, JVM %.1f ms CPU/run,"
                    + " database %d KiB%n",
                ID,
                v.id,
                r.runsPerSecond(),
                r.dispatchP50Ms(),
                r.dispatchP99Ms(),
                r.jvmCpuMsPerRun(),
                r.databaseBytes() / 1024);
      }
      Thread.sleep(2000); // a late repeated final callback still counts
      duplicatesAtEnd = sink.duplicateFinals();
    }
    double took = (System.nanoTime() - t0) / 1e9;
    return new SuiteResult(
        rows(variants, results, fsyncMs, duplicatesAtEnd).all(),
        notes(
            variants,
            results,
            shownConfig,
            shownCommand,
            runs,
            rounds,
            warmups,
            clients,
            slots,
            fsyncMs,
            duplicatesAtEnd,
            took));
  }

  private static Result measure(
      SuiteContext ctx,
      Variant v,
      RunnerJar jar,
      List<String> javaOptions,
      Path dir,
      Path catalog,
      CallbackSink sink,
      Postgres pg,
      int runs,
      int warmups,
      int clients,
      int slots,
      Map<Variant, Map<String, String>> shownConfig,
      Map<Variant, String> shownCommand)
      throws Exception {
    String db = v.postgres ? pg.create() : null;
    try {
      Map<String, String> config =
          DurabilityPlan.config(
              v,
              dir,
              catalog,
              slots,
              runs + warmups + 100,
              db == null ? null : pg.url(db),
              pg.user,
              pg.password);
      Map<String, String> shown = new LinkedHashMap<>(config);
      if (shown.containsKey("database.password")) {
        shown.put("database.password", "…");
      }
      if (db != null) {
        shown.put("database.url", pg.url("mrbench_<random>"));
      }
      shownConfig.putIfAbsent(v, shown);
      Result result;
      Map<String, Long> stats = new LinkedHashMap<>();
      try (ServeNode node =
          ServeNode.start(v.id, ctx.javaExecutable(), javaOptions, jar, dir, config)) {
        node.awaitReady(Duration.ofSeconds(120));
        shownCommand.putIfAbsent(v, ServiceSetup.relative(Commands.shown(node.command())));
        RunsApi api = node.api();
        long pid = node.handle().pid();
        String tag = dir.getFileName().toString();

        List<String> warm = ids(tag + "-warm", warmups);
        dispatchAll(api, warm, clients, sink.url());
        sink.awaitFinals(warm, Duration.ofMinutes(5));

        List<String> ids = ids(tag, runs);
        double cpu0 = CpuTime.ownSeconds(pid);
        double children0 = ProcStatus.reapedChildrenCpuSeconds(pid);
        var threads0 = ProcStatus.threadTicks(pid);
        double busy0 = ProcStatus.machineBusySeconds();
        int duplicates0 = sink.duplicateFinals();
        int duplicateStarts0 = sink.duplicateStarts();
        int received0 = sink.received();
        long start = System.nanoTime();
        long[] latencies = dispatchAll(api, ids, clients, sink.url());
        long dispatched = System.nanoTime();
        CallbackSink.Arrival last = sink.awaitFinals(ids, Duration.ofMinutes(10));
        double cpu = CpuTime.ownSeconds(pid) - cpu0;
        double children = ProcStatus.reapedChildrenCpuSeconds(pid) - children0;
        Map<String, Double> threads =
            ProcStatus.threadGroups(threads0, ProcStatus.threadTicks(pid), cpu);
        double busy = ProcStatus.machineBusySeconds() - busy0;
        double seconds = (last.nanos() - start) / 1e9;
        int notComplete = 0;
        int missingStarts = 0;
        for (String id : ids) {
          if (!sink.finalOf(id).join().status().equals("complete")) {
            notComplete++;
          }
          if (sink.startOf(id) == null) {
            missingStarts++;
          }
        }
        long[] sizes = databaseBytes(dir);
        DurabilityPlan.Percentiles p = DurabilityPlan.percentiles(latencies);
        Map<String, Double> perRun = new TreeMap<>();
        threads.forEach((k, x) -> perRun.put(k, x / runs * 1000));
        if (db != null) {
          sizes = new long[] {pg.size(db), 0};
        }
        result =
            new Result(
                DurabilityPlan.rate(runs, last.nanos() - start),
                seconds,
                p.p50Ms(),
                p.p99Ms(),
                (dispatched - start) / 1e9,
                cpu / runs * 1000,
                children / runs * 1000,
                100 * busy / (seconds * Runtime.getRuntime().availableProcessors()),
                perRun,
                notComplete,
                missingStarts,
                sink.duplicateFinals() - duplicates0,
                sink.duplicateStarts() - duplicateStarts0,
                (sink.received() - received0) / (double) runs,
                sizes[0],
                sizes[1],
                warmups + runs,
                stats);
      }
      if (db != null) {
        stats.putAll(pg.stats(db)); // after the node stopped: its backends reported their counters
      }
      return result;
    } finally {
      if (db != null) {
        pg.drop(db);
      }
    }
  }

  private static List<String> ids(String prefix, int n) {
    List<String> ids = new ArrayList<>(n);
    long nonce = System.nanoTime();
    for (int i = 0; i < n; i++) {
      ids.add("dur-" + prefix + "-" + i + "-" + nonce);
    }
    return ids;
  }

  /**
   * Dispatches one run per id from {@code clients} threads, each sending its next request as soon
   * as the previous one was answered; returns each request's latency (ns), in the order of ids.
   */
  static long[] dispatchAll(RunsApi api, List<String> ids, int clients, String callback)
      throws Exception {
    long[] latencies = new long[ids.size()];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < ids.size(); ) {
                    long t = System.nanoTime();
                    api.dispatch(ids.get(i), "ok", IMAGE, callback);
                    latencies[i] = System.nanoTime() - t;
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return latencies;
  }

  /**
   * The sizes of the embedded database's files under {@code dir}: all of them, and of those the
   * write-ahead log ({@code -wal}).
   */
  static long[] databaseBytes(Path dir) throws IOException {
    long all = 0;
    long wal = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (DurabilityPlan.isDatabaseFile(name)) {
          long size = Files.size(f);
          all += size;
          if (name.endsWith("-wal")) {
            wal += size;
          }
        }
      }
    }
    return new long[] {all, wal};
  }

  /**
   * {@code n} writes of 4 KiB, each forced to the disk ({@code fdatasync}), in the work folder (the
   * filesystem the nodes' databases are on): the floor of one durable commit; ms each.
   */
  static List<Double> fsyncProbe(Path dir, int n) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("probe.bin");
    List<Double> ms = new ArrayList<>();
    ByteBuffer block = ByteBuffer.allocate(4096);
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < n; i++) {
        block.clear();
        block.putLong(0, System.nanoTime());
        long t = System.nanoTime();
        ch.write(block, (long) i * 4096);
        ch.force(false);
        ms.add((System.nanoTime() - t) / 1e6);
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return ms;
  }

  /**
   * The model: a shell script that writes a {@code data.json} the output schema accepts (as the
   * runner's own process-engine tests do), and the catalog naming it as {@code ok}.
   */
  static Path writeCatalog(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path script = dir.resolve("model.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        set -e
        M='[0,1]'
        printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
          "$(cat "$MODEL_INPUT_DIR/inputFile.json")" $M $M $M $M $M $M $M $M $M $M $M > "$MODEL_OUTPUT_DIR/data.json"
        """,
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Files.writeString(
        dir.resolve("models.json"),
        "{\"models\": {\"ok\": {\"image\": \""
            + IMAGE
            + "\", \"command\": [\""
            + script.toAbsolutePath()
            + "\"]}}}\n",
        StandardCharsets.UTF_8);
  }

  private static Rows rows(
      List<Variant> variants,
      Map<Variant, List<Result>> results,
      List<Double> fsyncMs,
      int duplicatesAtEnd) {
    Rows rows = new Rows(ID);
    for (Variant v : variants) {
      List<Result> rs = results.getOrDefault(v, List.of());
      String item = v.label;
      rows.add(
          item,
          "runs/s (first dispatch → last final callback)",
          "runs/s",
          Better.HIGHER,
          rs.stream().map(Result::runsPerSecond).toList(),
          "");
      rows.add(
          item,
          "dispatch latency p50 (POST /api/runs)",
          "ms",
          Better.LOWER,
          rs.stream().map(Result::dispatchP50Ms).toList(),
          "");
      rows.add(
          item,
          "dispatch latency p99 (POST /api/runs)",
          "ms",
          Better.LOWER,
          rs.stream().map(Result::dispatchP99Ms).toList(),
          "");
      rows.add(
          item,
          "dispatch of all runs",
          "s",
          Better.LOWER,
          rs.stream().map(Result::dispatchSeconds).toList(),
          "");
      rows.add(
          item,
          "service JVM CPU per run",
          "ms",
          Better.LOWER,
          rs.stream().map(Result::jvmCpuMsPerRun).toList(),
          "");
      for (String group : threadGroups(rs)) {
        rows.add(
            item,
            "JVM CPU per run, threads " + group,
            "ms",
            Better.LOWER,
            rs.stream().map(r -> r.threadMsPerRun().getOrDefault(group, 0.0)).toList(),
            "");
      }
      rows.add(
          item,
          "model processes' CPU per run (sh, cat)",
          "ms",
          Better.NEITHER,
          rs.stream().map(Result::modelCpuMsPerRun).toList(),
          "");
      rows.add(
          item,
          "machine busy (of all cores × wall time)",
          "%",
          Better.NEITHER,
          rs.stream().map(Result::busyPercent).toList(),
          "");
      rows.add(
          item,
          "callbacks received per run",
          "callbacks",
          Better.NEITHER,
          rs.stream().map(Result::callbacksPerRun).toList(),
          "2");
      rows.add(
          item,
          v.postgres ? "database size after all runs" : "database files after all runs",
          "KiB",
          Better.LOWER,
          rs.stream().map(r -> r.databaseBytes() / 1024.0).toList(),
          "");
      rows.add(
          item,
          "database size per run (all runs, warm-up included)",
          "KiB",
          Better.LOWER,
          rs.stream().map(r -> r.databaseBytes() / 1024.0 / r.databaseRuns()).toList(),
          "");
      if (v == Variant.AFTER) {
        rows.add(
            item,
            "of which the write-ahead log (-wal)",
            "KiB",
            Better.NEITHER,
            rs.stream().map(r -> r.walBytes() / 1024.0).toList(),
            "");
      }
      if (v.postgres) {
        for (String k : List.of("xact_commit", "tup_inserted", "tup_updated", "tup_deleted")) {
          rows.add(
              item,
              "PostgreSQL " + k + " per run (node's whole life)",
              "per run",
              Better.LOWER,
              rs.stream().map(r -> r.pg().getOrDefault(k, 0L) / (double) r.databaseRuns()).toList(),
              "");
        }
      }
      rows.add(
          item,
          "runs not COMPLETE",
          "runs",
          Better.LOWER,
          rs.stream().map(Result::notComplete).toList(),
          "0");
      rows.add(
          item,
          "runs without a start callback",
          "runs",
          Better.LOWER,
          rs.stream().map(Result::missingStarts).toList(),
          "0");
      rows.add(
          item,
          "duplicate final callbacks",
          "callbacks",
          Better.LOWER,
          rs.stream().map(Result::duplicateFinals).toList(),
          "0");
      rows.add(
          item,
          "repeated start callbacks (same request)",
          "callbacks",
          Better.LOWER,
          rs.stream().map(Result::duplicateStarts).toList(),
          "");
    }
    List<Variant> after =
        variants.stream().filter(v -> !v.baseline && results.containsKey(v)).toList();
    if (results.containsKey(Variant.BEFORE)) {
      List<Result> before = results.get(Variant.BEFORE);
      for (Variant v : after) {
        List<Result> rs = results.get(v);
        List<Double> ratio = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        for (int i = 0; i < Math.min(rs.size(), before.size()); i++) {
          ratio.add(rs.get(i).runsPerSecond() / before.get(i).runsPerSecond());
          p50.add(rs.get(i).dispatchP50Ms() / before.get(i).dispatchP50Ms());
        }
        rows.add(v.label + " / before", "runs/s ratio (same round)", "x", Better.HIGHER, ratio, "");
        rows.add(
            v.label + " / before", "dispatch p50 ratio (same round)", "x", Better.LOWER, p50, "");
      }
    }
    rows.add(
        "this machine's disk (work folder)",
        "one 4 KiB write + fdatasync",
        "ms",
        Better.NEITHER,
        fsyncMs,
        "");
    rows.single(
        "all variants",
        "duplicate final callbacks (whole suite, 2 s after the last)",
        "callbacks",
        Better.LOWER,
        duplicatesAtEnd,
        "0");
    return rows;
  }

  /** The JVM thread groups that spent at least 1 ms per run in some measurement. */
  private static List<String> threadGroups(List<Result> rs) {
    return rs.stream()
        .flatMap(r -> r.threadMsPerRun().entrySet().stream())
        .filter(e -> e.getValue() >= 1.0)
        .map(Map.Entry::getKey)
        .distinct()
        .sorted()
        .toList();
  }

  private static String notes(
      List<Variant> variants,
      Map<Variant, List<Result>> results,
      Map<Variant, Map<String, String>> configs,
      Map<Variant, String> commands,
      int runs,
      int rounds,
      int warmups,
      int clients,
      int slots,
      List<Double> fsyncMs,
      int duplicatesAtEnd,
      double took) {
    StringBuilder md = new StringBuilder();
    md.append("Each measurement starts a fresh `serve` node (fresh data dir and database; default")
        .append(" JVM flags) of one variant, runs ")
        .append(warmups)
        .append(" warm-up runs, then dispatches ")
        .append(runs)
        .append(" runs (one model each) from ")
        .append(clients)
        .append(" client threads, each sending its next `POST /api/runs` as soon as the previous")
        .append(" one was answered; the node executes ")
        .append(slots)
        .append(" at a time. Dispatch latency: the client-side time of each `POST /api/runs`")
        .append(" (p50 and p99 by nearest rank over the round's ")
        .append(runs)
        .append(" requests). Runs/s: ")
        .append(runs)
        .append(" / (first dispatch → last final callback at the harness's sink). The model is")
        .append(" the process engine running a shell script that writes a valid `data.json` (no")
        .append(" container: the service's own costs dominate). Every run has a `callbackURL` to")
        .append(" the harness's sink, which counts start and final callbacks and repeated finals.")
        .append(" Variants in the same order every round (")
        .append(String.join(", ", variants.stream().map(v -> v.id).toList()))
        .append("; ")
        .append(rounds)
        .append(
            " rounds), so drift on the machine falls on all alike; the spread is over rounds. CPU:")
        .append(" the node's JVM alone (`/proc/<pid>/stat`, its threads by name from")
        .append(" `/proc/<pid>/task`), and the model processes it reaped. Database size: the")
        .append(" embedded database's files (SQLite: `model-runner.db` + `-wal` + `-shm`; H2:")
        .append(" `*.mv.db`) or `pg_database_size`, after all runs, while the node still runs.")
        .append(" PostgreSQL: a fresh database per round (dropped after); its counters are")
        .append(
            " `pg_stat_database`, read after the node stopped, per run it saw (warm-up, start-up")
        .append(" and shutdown included). The suite took ")
        .append(Math.round(took))
        .append(" s.\n\n");
    for (Variant v : variants) {
      md.append("**").append(v.label).append("**: `").append(commands.getOrDefault(v, "?"));
      md.append("`\n\n```properties\n");
      configs
          .getOrDefault(v, Map.of())
          .forEach(
              (k, x) -> md.append(k).append('=').append(ServiceSetup.relative(x)).append('\n'));
      md.append("```\n\n");
    }
    md.append("**Headline** (medians over rounds): ");
    List<String> parts = new ArrayList<>();
    for (Variant v : variants) {
      List<Result> rs = results.getOrDefault(v, List.of());
      if (rs.isEmpty()) {
        continue;
      }
      parts.add(
          String.format(
              Locale.ROOT,
              "%s %s runs/s, dispatch p50 %s ms / p99 %s ms",
              v.id,
              ReportWriter.format(Rows.median(rs.stream().map(Result::runsPerSecond).toList())),
              ReportWriter.format(Rows.median(rs.stream().map(Result::dispatchP50Ms).toList())),
              ReportWriter.format(Rows.median(rs.stream().map(Result::dispatchP99Ms).toList()))));
    }
    md.append(String.join("; ", parts))
        .append(". One 4 KiB write + fdatasync on this disk: ")
        .append(ReportWriter.format(Rows.median(fsyncMs)))
        .append(" ms (median). ");
    boolean allOnce =
        duplicatesAtEnd == 0
            && results.values().stream()
                .flatMap(List::stream)
                .allMatch(r -> r.duplicateFinals() == 0);
    md.append(
        allOnce
            ? "Every run got exactly one final callback.\n"
            : "**Some runs got more than one final callback** (see the rows).\n");
    return md.toString();
  }
}
