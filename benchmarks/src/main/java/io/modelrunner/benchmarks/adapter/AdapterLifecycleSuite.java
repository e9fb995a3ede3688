package io.modelrunner.benchmarks.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.benchmarks.adapter.LifecycleLoad.Call;
import io.modelrunner.benchmarks.adapter.LifecycleLoad.Round;
import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Commands;
import io.modelrunner.benchmarks.report.Measurement;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Stats;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import io.modelrunner.benchmarks.report.Summary;
import io.modelrunner.benchmarks.support.ChildProcess;
import io.modelrunner.benchmarks.support.CpuTime;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 3: full adapter lifecycles per second and per-call latency of a no-op model, the SDK ({@link
 * NoopAdapter} in its own JVM) against the same API as a minimal Flask app under gunicorn, driven
 * by one Java client, at several concurrency levels, in interleaved A/B rounds.
 */
public final class AdapterLifecycleSuite implements Suite {
  static final String ID = "adapter";
  private static final String SDK = "SDK";
  private static final String FLASK = "Flask+gunicorn";
  private static final String BARE = "floor: JDK HttpServer, no framework";
  private static final String FLASK_APP = "flask_adapter.py";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 3: adapter lifecycle throughput (SDK vs Flask + gunicorn, and the floor)";
  }

  @Override
  public List<Requirement> requirements() {
    return List.of(
        new Requirement(
            "gunicorn", List.of("gunicorn", "--version"), "apt-get install -y gunicorn"),
        new Requirement(
            "Flask, importable by gunicorn's Python",
            List.of(
                "sh",
                "-c",
                "exec $(sed -n '1s/^#! *//p' \"$(command -v gunicorn)\") -c 'import flask'"),
            "apt-get install -y python3-flask"));
  }

  /** One server under test. */
  private record Impl(String name, List<String> command, Map<String, String> env, int port) {
    URI base() {
      return URI.create("http://127.0.0.1:" + port + "/model");
    }

    URI health() {
      return URI.create("http://127.0.0.1:" + port + "/health");
    }
  }

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int rounds = ctx.intOption("adapter-rounds", 2, 5);
    double seconds = ctx.doubleOption("adapter-seconds", 1, 4);
    double warmup = ctx.doubleOption("adapter-warmup-seconds", 2, 15);
    int workers = ctx.intOption("adapter-workers", 4, 4);
    int gunicornThreads = ctx.intOption("gunicorn-threads", 32, 32);
    List<Integer> levels =
        Arrays.stream(ctx.options().getOrDefault("adapter-concurrency", "1,8,32").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();

    Path dir = Files.createDirectories(ctx.workDir().resolve("adapter"));
    Path app = dir.resolve(FLASK_APP);
    try (InputStream in = AdapterLifecycleSuite.class.getResourceAsStream(FLASK_APP)) {
      if (in == null) {
        throw new IllegalStateException(FLASK_APP + " is missing from the harness's classpath");
      }
      Files.copy(in, app, StandardCopyOption.REPLACE_EXISTING);
    }

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    LifecycleLoad load = new LifecycleLoad(client, new ObjectMapper());

    int sdkPort = ChildProcess.freePort();
    Impl sdkImpl =
        new Impl(
            SDK,
            List.of(
                ctx.javaExecutable(),
                "-cp",
                ctx.classpath(),
                NoopAdapter.class.getName(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(sdkPort),
                "--name",
                "noop",
                "--workers",
                Integer.toString(workers),
                "--capacity",
                "4096",
                "--max-runs",
                "100000"),
            Map.of(),
            sdkPort);
    int barePort = ChildProcess.freePort();
    Impl bareImpl =
        new Impl(
            BARE,
            List.of(
                ctx.javaExecutable(),
                "-cp",
                ctx.classpath(),
                BareAdapterServer.class.getName(),
                Integer.toString(barePort),
                Integer.toString(workers)),
            Map.of(),
            barePort);
    int flaskPort = ChildProcess.freePort();
    Impl flaskImpl =
        new Impl(
            FLASK,
            List.of(
                "gunicorn",
                "--worker-class",
                "gthread",
                "--workers",
                "1",
                "--threads",
                Integer.toString(gunicornThreads),
                "--keep-alive",
                "75",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                "--bind",
                "127.0.0.1:" + flaskPort,
                "flask_adapter:app"),
            Map.of("MODEL_WORKERS", Integer.toString(workers), "PYTHONDONTWRITEBYTECODE", "1"),
            flaskPort);
    List<Impl> impls = List.of(sdkImpl, bareImpl, flaskImpl);

    Map<String, Map<Integer, List<Round>>> results = new LinkedHashMap<>();
    Map<String, Map<Integer, List<Double>>> serverCpu = new LinkedHashMap<>();
    Map<Integer, List<Double>> clientCpu = new LinkedHashMap<>();
    Map<String, Map<Integer, List<Double>>> ratios = new LinkedHashMap<>();
    List<ChildProcess> children = new ArrayList<>();
    try {
      Map<String, ChildProcess> byName = new LinkedHashMap<>();
      for (Impl impl : impls) {
        ChildProcess child =
            ChildProcess.start(
                impl.name(),
                impl.command(),
                dir,
                impl.env(),
                dir.resolve(impl.name().replaceAll("[^A-Za-z0-9]+", "-") + ".log"));
        children.add(child);
        byName.put(impl.name(), child);
      }
      for (Impl impl : impls) {
        byName.get(impl.name()).awaitHttpOk(client, impl.health(), Duration.ofSeconds(60));
      }

      ctx.log().printf(Locale.ROOT, "adapter: warming up each server for %.0f s%n", warmup);
      for (Impl impl : impls) {
        Round w = load.run(impl.base(), 8, seconds(warmup));
        if (w.cycles() == 0) {
          throw new IllegalStateException(
              impl.name() + " completed no cycle while warming up: " + w.firstError());
        }
      }
      for (int c : levels) {
        for (int r = 0; r < rounds; r++) {
          Map<String, Double> throughput = new LinkedHashMap<>();
          for (int k = 0; k < impls.size(); k++) {
            Impl impl = impls.get((k + r) % impls.size());
            ChildProcess child = byName.get(impl.name());
            double cpu0 = CpuTime.seconds(child.handle());
            double self0 = ownCpuSeconds();
            Round round = load.run(impl.base(), c, seconds(seconds));
            double cpu = CpuTime.seconds(child.handle()) - cpu0;
            double self = ownCpuSeconds() - self0;
            results
                .computeIfAbsent(impl.name(), x -> new LinkedHashMap<>())
                .computeIfAbsent(c, x -> new ArrayList<>())
                .add(round);
            if (round.cycles() > 0) {
              serverCpu
                  .computeIfAbsent(impl.name(), x -> new LinkedHashMap<>())
                  .computeIfAbsent(c, x -> new ArrayList<>())
                  .add(cpu / round.cycles() * 1e6);
              if (impl.name().equals(SDK)) {
                clientCpu
                    .computeIfAbsent(c, x -> new ArrayList<>())
                    .add(self / round.cycles() * 1e6);
              }
            }
            throughput.put(impl.name(), round.cyclesPerSecond());
            ctx.log()
                .printf(
                    Locale.ROOT,
                    "adapter: c=%d round %d %s: %.0f cycles/s, p99 %.2f ms, %d errors%n",
                    c,
                    r + 1,
                    impl.name(),
                    round.cyclesPerSecond(),
                    ms(Stats.nearestRank(round.allLatencies(), 0.99)),
                    round.errors());
          }
          for (String other : List.of(FLASK, BARE)) {
            ratios
                .computeIfAbsent(other, x -> new LinkedHashMap<>())
                .computeIfAbsent(c, x -> new ArrayList<>())
                .add(throughput.get(SDK) / throughput.get(other));
          }
        }
      }
    } finally {
      children.forEach(ChildProcess::close);
    }

    List<Measurement> rows = new ArrayList<>();
    for (int c : levels) {
      for (Impl impl : impls) {
        List<Round> rs = results.get(impl.name()).get(c);
        String item = impl.name() + " c=" + c;
        boolean ours = impl.name().equals(SDK);
        rows.add(
            Measurement.of(
                ID,
                item,
                "cycles/s",
                "cycles/s",
                Better.HIGHER,
                Stats.summarize(rs.stream().map(Round::cyclesPerSecond).toList()),
                ""));
        rows.add(
            Measurement.of(
                ID, item, "p50 all calls", "ms", Better.LOWER, percentile(rs, null, 0.50), ""));
        rows.add(
            Measurement.of(
                ID,
                item,
                "p99 all calls",
                "ms",
                Better.LOWER,
                percentile(rs, null, 0.99),
                ours ? "< 5 ms" : ""));
        for (Call call : Call.values()) {
          rows.add(
              Measurement.of(
                  ID,
                  item,
                  "p50 " + call.label(),
                  "ms",
                  Better.LOWER,
                  percentile(rs, call, 0.50),
                  ""));
          rows.add(
              Measurement.of(
                  ID,
                  item,
                  "p99 " + call.label(),
                  "ms",
                  Better.LOWER,
                  percentile(rs, call, 0.99),
                  ""));
        }
        rows.add(
            Measurement.of(
                ID,
                item,
                "status polls/cycle",
                "polls",
                Better.NEITHER,
                Stats.summarize(
                    rs.stream()
                        .map(r -> r.cycles() == 0 ? 0.0 : r.statusCalls() / (double) r.cycles())
                        .toList()),
                ""));
        List<Double> cpu = serverCpu.getOrDefault(impl.name(), Map.of()).get(c);
        if (cpu != null && !cpu.isEmpty() && CpuTime.available()) {
          rows.add(
              Measurement.of(
                  ID, item, "server CPU/cycle", "µs", Better.LOWER, Stats.summarize(cpu), ""));
        }
        rows.add(
            Measurement.of(
                ID,
                item,
                "errors",
                "calls",
                Better.LOWER,
                Stats.summarize(rs.stream().map(r -> (double) r.errors()).toList()),
                "0"));
      }
      if (clientCpu.containsKey(c)) {
        rows.add(
            Measurement.of(
                ID,
                "client c=" + c,
                "client CPU/cycle (SDK rounds)",
                "µs",
                Better.NEITHER,
                Stats.summarize(clientCpu.get(c)),
                ""));
      }
      rows.add(
          Measurement.of(
              ID,
              "SDK/Flask c=" + c,
              "throughput ratio",
              "x",
              Better.HIGHER,
              Stats.summarize(ratios.get(FLASK).get(c)),
              ">= 10x"));
      rows.add(
          Measurement.of(
              ID,
              "SDK/floor c=" + c,
              "throughput ratio",
              "x",
              Better.HIGHER,
              Stats.summarize(ratios.get(BARE).get(c)),
              ""));
    }

    return new SuiteResult(
        rows,
        notes(
            rounds,
            seconds,
            warmup,
            workers,
            gunicornThreads,
            levels,
            impls,
            results,
            ratios,
            serverCpu));
  }

  private static String notes(
      int rounds,
      double seconds,
      double warmup,
      int workers,
      int gunicornThreads,
      List<Integer> levels,
      List<Impl> impls,
      Map<String, Map<Integer, List<Round>>> results,
      Map<String, Map<Integer, List<Double>>> ratios,
      Map<String, Map<Integer, List<Double>>> serverCpu) {
    StringBuilder md = new StringBuilder();
    md.append(
            "One cycle = `GET /request` → `POST /initialize/{id}` → `GET /run/{id}` → `GET"
                + " /status/{id}` until SUCCEEDED (polled without pause) → `GET /results/{id}` →"
                + " `GET /remove/{id}`, for a no-op model. One Java client (`java.net.http`,"
                + " HTTP/1.1, keep-alive, one thread per concurrent cycle) drives all servers on"
                + " loopback; each server is its own process. Rounds of ")
        .append(fmt(seconds))
        .append(" s; each round runs every server once, the order rotated by one per round; ")
        .append(rounds)
        .append(" rounds per concurrency level, after ")
        .append(fmt(warmup))
        .append(
            " s of warm-up per server at concurrency 8. Client and servers share the machine's"
                + " cores.\n\n");
    for (Impl impl : impls) {
      md.append("- **").append(impl.name()).append("**: `");
      impl.env()
          .forEach(
              (k, v) -> {
                if (!k.startsWith("PYTHON")) {
                  md.append(k).append('=').append(v).append(' ');
                }
              });
      md.append(Commands.shown(impl.command())).append("`");
      switch (impl.name()) {
        case SDK ->
            md.append(
                    " — `NoopAdapter` on `AdapterServer` (plain handlers on the JDK HTTP server,"
                        + " 32 HTTP threads), default JVM flags, ")
                .append(workers)
                .append(" model workers.\n");
        case BARE ->
            md.append(
                " — the floor: the same endpoints and JSON (`ModelRunInfo` through"
                    + " `JsonMappers.standard()`) on the same JDK HTTP server with 32 threads and"
                    + " TCP_NODELAY, no framework; `BareAdapterServer` in this module.\n");
        default ->
            md.append(
                    " — `benchmarks/src/main/python/flask_adapter.py`: same endpoints and"
                        + " JSON shape, state in a dict under one lock, the model on a thread pool of ")
                .append(workers)
                .append(
                    ". One gunicorn worker process, because the runs' state lives in that process"
                        + " (several processes would each hold a part and answer 404 for the others'"
                        + " ids), with ")
                .append(gunicornThreads)
                .append(" threads (`gthread`) so that no client waits for a free thread.\n");
      }
    }
    md.append('\n');
    md.append(
        "| concurrency | SDK cycles/s | floor cycles/s | Flask cycles/s | SDK/Flask (target ≥ 10×)"
            + " | SDK/floor | SDK p99 all calls (target < 5 ms) | floor p99 | Flask p99 | server"
            + " CPU per cycle SDK / floor / Flask |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int c : levels) {
      Summary ratio = Stats.summarize(ratios.get(FLASK).get(c));
      Summary floorRatio = Stats.summarize(ratios.get(BARE).get(c));
      Summary sdkP99 = percentile(results.get(SDK).get(c), null, 0.99);
      md.append("| ")
          .append(c)
          .append(" | ")
          .append(cycles(results, SDK, c))
          .append(" | ")
          .append(cycles(results, BARE, c))
          .append(" | ")
          .append(cycles(results, FLASK, c))
          .append(" | ")
          .append(ReportWriter.format(ratio.median()))
          .append("× (")
          .append(ReportWriter.format(ratio.min()))
          .append("–")
          .append(ReportWriter.format(ratio.max()))
          .append(") ")
          .append(ratio.median() >= 10 ? "met" : "**not met**")
          .append(" | ")
          .append(ReportWriter.format(floorRatio.median()))
          .append("× | ")
          .append(ReportWriter.format(sdkP99.median()))
          .append(" ms ")
          .append(sdkP99.median() < 5 ? "met" : "**not met**")
          .append(" | ")
          .append(ReportWriter.format(percentile(results.get(BARE).get(c), null, 0.99).median()))
          .append(" ms | ")
          .append(ReportWriter.format(percentile(results.get(FLASK).get(c), null, 0.99).median()))
          .append(" ms | ")
          .append(cpuCell(serverCpu, SDK, c))
          .append(" / ")
          .append(cpuCell(serverCpu, BARE, c))
          .append(" / ")
          .append(cpuCell(serverCpu, FLASK, c))
          .append(" µs |\n");
    }
    return md.toString();
  }

  private static String cycles(Map<String, Map<Integer, List<Round>>> results, String impl, int c) {
    return ReportWriter.format(
        Stats.summarize(results.get(impl).get(c).stream().map(Round::cyclesPerSecond).toList())
            .median());
  }

  private static String cpuCell(Map<String, Map<Integer, List<Double>>> cpu, String impl, int c) {
    List<Double> v = cpu.getOrDefault(impl, Map.of()).get(c);
    return v == null || v.isEmpty() ? "n/a" : ReportWriter.format(Stats.summarize(v).median());
  }

  /** Per round, the {@code q} latency percentile (of one call kind, or of all calls); in ms. */
  private static Summary percentile(List<Round> rounds, Call call, double q) {
    List<Double> perRound = new ArrayList<>();
    for (Round r : rounds) {
      long[] sorted = call == null ? r.allLatencies() : r.latencies().get(call);
      if (sorted.length > 0) {
        perRound.add(ms(Stats.nearestRank(sorted, q)));
      }
    }
    return perRound.isEmpty() ? Summary.single(Double.NaN) : Stats.summarize(perRound);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static double ownCpuSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
