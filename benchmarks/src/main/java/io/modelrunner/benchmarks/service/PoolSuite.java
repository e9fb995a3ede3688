package io.modelrunner.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import io.modelrunner.benchmarks.support.CpuTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 7: the throughput of a pool of {@code serve} nodes on one fresh PostgreSQL database and one
 * shared filesystem result store, with 1, 2 and 3 nodes, and one node with as many slots as the
 * largest pool (same slots, no coordination between nodes). On one machine the nodes share its
 * cores and its Docker engine: this measures the pool's coordination overhead and where it stops
 * scaling, not what more machines would give.
 */
public final class PoolSuite implements Suite {
  static final String ID = "pool";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Pool of nodes (issue 7): runs/s with 1, 2 and 3 `serve` nodes on one PostgreSQL";
  }

  @Override
  public List<Requirement> requirements() {
    List<Requirement> r = new ArrayList<>(ServiceSetup.requirements());
    r.add(
        new Requirement(
            "PostgreSQL on 127.0.0.1:5432 (or --pg-url)",
            List.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5432"),
            "start PostgreSQL (.ci/postgres.sh) with a role that may CREATE DATABASE"
                + " (--pg-user/--pg-password, default model_runner/model_runner), or leave"
                + " the pool suite out with --suites"));
    return r;
  }

  /** A pool shape: how many nodes, each with how many run slots. */
  record Shape(int nodes, int slots) {
    String label() {
      return nodes + (nodes == 1 ? " node" : " nodes") + " × " + slots + " slots";
    }
  }

  /** What one measurement of one shape gave. */
  record Result(
      double runsPerSecond,
      double seconds,
      double cpuPerRunMs,
      double busyPercent,
      Map<String, Long> db,
      int dbRuns,
      Map<String, Integer> runsByNode,
      int notComplete,
      double jitPerRunMs) {}

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int runs = ctx.intOption("pool-runs", 30, 120);
    int rounds = ctx.intOption("pool-rounds", 1, 2);
    int slots = ctx.intOption("pool-slots", 2, 2);
    int warmupsPerNode = ctx.intOption("pool-warmups", 2, 4);
    List<Integer> counts =
        Arrays.stream(ctx.options().getOrDefault("pool-nodes", "1,2,3").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    int most = counts.stream().mapToInt(i -> i).max().orElse(1);
    List<Shape> shapes = new ArrayList<>();
    counts.forEach(n -> shapes.add(new Shape(n, slots)));
    if (most > 1) {
      shapes.add(new Shape(1, most * slots)); // the control: same slots, one node
    }
    Postgres pg = Postgres.from(ctx);
    Map<Shape, List<Result>> results = new LinkedHashMap<>();
    Map<String, String> shownConfig = null;
    try (ServiceSetup s = ServiceSetup.open(ctx, ID)) {
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < shapes.size(); k++) {
          Shape shape = shapes.get((k + r) % shapes.size());
          ctx.log().printf("%s: round %d: %s, %d runs%n", ID, r + 1, shape.label(), runs);
          Path dir = s.dir.resolve("r" + r + "-" + shape.nodes() + "x" + shape.slots());
          Measured m = measure(s, pg, shape, runs, warmupsPerNode, dir);
          if (shownConfig == null && shape.nodes() == most) {
            shownConfig = m.config;
          }
          Result res = m.result;
          results.computeIfAbsent(shape, x -> new ArrayList<>()).add(res);
          ctx.log()
              .printf(
                  Locale.ROOT,
                  "%s: %s: %.2f runs/s (%.1f s), node JVMs %.0f ms CPU/run, runs by node %s%n",
                  ID,
                  shape.label(),
                  res.runsPerSecond(),
                  res.seconds(),
                  res.cpuPerRunMs(),
                  res.runsByNode().values());
        }
      }
    }

    Rows rows = new Rows(ID);
    double oneNode = Double.NaN;
    for (Shape shape : shapes) {
      List<Result> rs = results.get(shape);
      String item = shape.label();
      var rate =
          rows.add(
              item,
              "runs/s",
              "runs/s",
              Better.HIGHER,
              rs.stream().map(Result::runsPerSecond).toList(),
              "");
      if (shape.nodes() == 1 && shape.slots() == slots && rate != null) {
        oneNode = rate.median();
      }
      rows.add(
          item,
          "first dispatch → last final callback",
          "s",
          Better.LOWER,
          rs.stream().map(Result::seconds).toList(),
          "");
      rows.add(
          item,
          "node JVMs' CPU per run (sum)",
          "ms",
          Better.LOWER,
          rs.stream().map(Result::cpuPerRunMs).toList(),
          "");
      rows.add(
          item,
          "of which JIT compiler threads",
          "ms",
          Better.LOWER,
          rs.stream().map(Result::jitPerRunMs).toList(),
          "");
      rows.add(
          item,
          "machine busy (of all cores × wall time)",
          "%",
          Better.NEITHER,
          rs.stream().map(Result::busyPercent).toList(),
          "");
      for (String k :
          List.of("xact_commit", "tup_inserted", "tup_updated", "tup_deleted", "tup_returned")) {
        rows.add(
            item,
            "PostgreSQL " + k + " per run (pool's whole life)",
            "per run",
            k.equals("tup_returned") ? Better.NEITHER : Better.LOWER,
            rs.stream().map(x -> x.db().getOrDefault(k, 0L) / (double) x.dbRuns()).toList(),
            "");
      }
      rows.add(
          item,
          "largest share of runs on one node",
          "%",
          Better.NEITHER,
          rs.stream()
              .map(
                  x ->
                      100.0
                          * x.runsByNode().values().stream().mapToInt(i -> i).max().orElse(0)
                          / Math.max(1, x.runsByNode().values().stream().mapToInt(i -> i).sum()))
              .toList(),
          "");
      rows.add(
          item,
          "runs not COMPLETE",
          "runs",
          Better.LOWER,
          rs.stream().map(Result::notComplete).toList(),
          "0");
    }
    if (!Double.isNaN(oneNode)) {
      for (Shape shape : shapes) {
        if (shape.nodes() == 1 && shape.slots() == slots) {
          continue;
        }
        double base = oneNode;
        rows.add(
            shape.label() + " / 1 node",
            "throughput ratio",
            "x",
            Better.HIGHER,
            results.get(shape).stream().map(x -> x.runsPerSecond() / base).toList(),
            "");
      }
    }
    return new SuiteResult(
        rows.all(), notes(runs, rounds, slots, warmupsPerNode, shapes, results, shownConfig));
  }

  private record Measured(Result result, Map<String, String> config) {}

  private static Measured measure(
      ServiceSetup s, Postgres pg, Shape shape, int runs, int warmupsPerNode, Path dir)
      throws Exception {
    String db = pg.create();
    List<ServeNode> nodes = new ArrayList<>();
    Map<String, String> shown = null;
    try {
      Path store = Files.createDirectories(dir.resolve("store"));
      for (int i = 0; i < shape.nodes(); i++) {
        String name = "node-" + (i + 1);
        Map<String, String> config = ServeNode.baseConfig(dir.resolve(name), s.catalog);
        config.put("node.id", "bench-" + name);
        config.put("database.url", pg.url(db));
        config.put("database.user", pg.user);
        config.put("database.password", pg.password);
        config.put("store", store.toString());
        config.put("pool.polling-interval", "PT0.2S");
        config.put("runs.max-concurrent", Integer.toString(shape.slots()));
        config.put("runs.queue-limit", Integer.toString(runs + 100));
        if (shown == null) {
          shown = new LinkedHashMap<>(config);
          shown.put("database.password", "…");
        }
        // the first node migrates the fresh database alone; the others start together after it
        ServeNode node =
            ServeNode.start(name, s.java, s.javaOptions, s.jar, dir.resolve(name), config);
        nodes.add(node);
        if (i == 0) {
          node.awaitReady(Duration.ofSeconds(120));
        }
      }
      for (ServeNode node : nodes) {
        node.awaitReady(Duration.ofSeconds(120));
      }
      List<RunsApi> apis = nodes.stream().map(ServeNode::api).toList();

      List<String> warm = new ArrayList<>();
      for (int i = 0; i < warmupsPerNode * nodes.size(); i++) {
        String id = "pool-warm-" + i + "-" + System.nanoTime();
        apis.get(i % apis.size()).dispatch(id, "ok", BenchImages.OK, s.sink.url());
        warm.add(id);
      }
      s.sink.awaitFinals(warm, Duration.ofMinutes(5));

      double cpu0 = nodes.stream().mapToDouble(n -> CpuTime.seconds(n.handle())).sum();
      List<Map<Long, Map.Entry<String, Long>>> threads0 =
          nodes.stream().map(n -> ProcStatus.threadTicks(n.handle().pid())).toList();
      double busy0 = ProcStatus.machineBusySeconds();
      List<String> ids = new ArrayList<>();
      List<String> runIds = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        String id = "pool-" + i + "-" + System.nanoTime();
        runIds.add(apis.get(i % apis.size()).dispatch(id, "ok", BenchImages.OK, s.sink.url()));
        ids.add(id);
      }
      CallbackSink.Arrival last = s.sink.awaitFinals(ids, Duration.ofMinutes(30));
      double seconds = (last.nanos() - t0) / 1e9;
      double cpu = nodes.stream().mapToDouble(n -> CpuTime.seconds(n.handle())).sum() - cpu0;
      double busy = ProcStatus.machineBusySeconds() - busy0;
      double jit = 0;
      for (int i = 0; i < nodes.size(); i++) {
        Map<String, Double> groups =
            ProcStatus.threadGroups(
                threads0.get(i), ProcStatus.threadTicks(nodes.get(i).handle().pid()), 0);
        jit +=
            groups.entrySet().stream()
                .filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
      }

      Map<String, Integer> byNode = new TreeMap<>();
      int notComplete = 0;
      for (String runId : runIds) {
        JsonNode run = apis.get(0).awaitEnded(runId, Duration.ofSeconds(60), Duration.ofMillis(50));
        byNode.merge(run.path("node").asText(), 1, Integer::sum);
        if (!run.path("state").asText().equals("COMPLETE")) {
          notComplete++;
        }
      }
      nodes.parallelStream().forEach(ServeNode::close);
      nodes.clear();
      Map<String, Long> stats = pg.stats(db);
      return new Measured(
          new Result(
              runs / seconds,
              seconds,
              cpu / runs * 1000,
              100 * busy / (seconds * Runtime.getRuntime().availableProcessors()),
              stats,
              runs + warm.size(),
              byNode,
              notComplete,
              jit / runs * 1000),
          shown);
    } finally {
      nodes.parallelStream().forEach(ServeNode::close);
      pg.drop(db);
    }
  }

  private static String notes(
      int runs,
      int rounds,
      int slots,
      int warmupsPerNode,
      List<Shape> shapes,
      Map<Shape, List<Result>> results,
      Map<String, String> config) {
    StringBuilder md = new StringBuilder();
    md.append("Each measurement: a fresh PostgreSQL database (`CREATE DATABASE`, dropped after);")
        .append(" N `serve` nodes (the first started alone, so that it migrates the database)")
        .append(" with distinct `node.id` and `data.dir`, one shared filesystem store folder, the")
        .append(" same token and catalog, `pool.polling-interval=PT0.2S`; ")
        .append(warmupsPerNode)
        .append(" warm-up runs per node; then ")
        .append(runs)
        .append(" runs of the trivial connector dispatched round-robin through the nodes' APIs by")
        .append(" one client thread, timed from the first dispatch to the last final callback.")
        .append(" Shapes in rotated order, ")
        .append(rounds)
        .append(" round(s). A node's configuration (the largest pool's first node):\n\n")
        .append("```properties\n");
    if (config != null) {
      config.forEach(
          (k, v) -> md.append(k).append('=').append(ServiceSetup.relative(v)).append('\n'));
    }
    md.append("```\n\n")
        .append("The control shape, one node with as many slots as the largest pool, runs the")
        .append(" same number of containers at once without any coordination between nodes.")
        .append(" PostgreSQL counters are `pg_stat_database` of the run's database, read after")
        .append(" the nodes stopped, divided by all runs it saw (warm-up included): they include")
        .append(" start-up, idle polling and shutdown.\n\n")
        .append("**On this machine the nodes share the same 2 cores and the same Docker engine:")
        .append(" this measures the pool's coordination overhead and where it stops scaling, not")
        .append(" what more machines would give.**\n\n");
    List<String> line = new ArrayList<>();
    for (Shape shape : shapes) {
      double rate = Rows.median(results.get(shape).stream().map(Result::runsPerSecond).toList());
      line.add(shape.label() + ": " + ReportWriter.format(rate) + " runs/s");
    }
    md.append("**Headline:** ").append(String.join("; ", line)).append(".\n");
    return md.toString();
  }
}
