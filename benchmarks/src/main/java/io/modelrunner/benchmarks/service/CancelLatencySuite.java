package io.modelrunner.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Commands;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Stats;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 2: cancel latency. Runs of a connector that sleeps, each cancelled through {@code POST
 * /api/runs/{id}/cancel} as soon as the runs API shows its {@code executionId} (the container has
 * started); timed from just before the cancel to the engine's {@code destroy} event of the
 * container (gone), with the steps between from the engine's event stream.
 */
public final class CancelLatencySuite implements Suite {
  static final String ID = "cancel";
  private static final String GONE = "cancel → container removed (`destroy`)";
  private static final List<String> STEPS =
      List.of(
          "cancel → 202 answer",
          "cancel → kill sent (`kill`)",
          "cancel → model dead (`die`)",
          GONE,
          "cancel → final callback",
          "cancel → run FAILED (polled, 10 ms)");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 2: cancel latency";
  }

  @Override
  public List<Requirement> requirements() {
    return ServiceSetup.requirements();
  }

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int runs = ctx.intOption("cancel-runs", 10, 60);
    int warmups = ctx.intOption("cancel-warmups", 2, 3);
    Map<String, List<Double>> steps = new LinkedHashMap<>();
    List<Double> runningFor = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    int wrongReason = 0;
    int containersLeft = 0;
    String serveCommand;
    Map<String, String> config;
    try (ServiceSetup s = ServiceSetup.open(ctx, ID)) {
      config = ServeNode.baseConfig(s.dir.resolve("serve"), s.catalog);
      try (ServeNode node = s.node("serve", config)) {
        serveCommand = ServiceSetup.relative(Commands.shown(node.command()));
        RunsApi api = node.api();
        for (int i = 0; i < warmups + runs; i++) {
          boolean measured = i >= warmups;
          String requestId = "cancel-" + i + "-" + System.nanoTime();
          long dispatched = System.nanoTime();
          String runId = api.dispatch(requestId, "sleep", BenchImages.SLEEP, s.sink.url());
          // the engine's start event first (no polling of the API while the container starts),
          // then the API until it shows the executionId
          s.events.await(runId, "start", Duration.ofSeconds(60));
          awaitExecution(api, runId);
          double beforeCancel = Rows.ms(System.nanoTime() - dispatched);
          long t0e = Clocks.epochNanos();
          long t0 = System.nanoTime();
          String outcome = api.cancel(runId);
          long answered = System.nanoTime();
          if (!outcome.equals("CANCELLING")) {
            throw new IOException("cancel of running " + runId + " answered " + outcome);
          }
          long destroy = s.events.await(runId, "destroy", Duration.ofSeconds(60));
          CallbackSink.Arrival fin = s.sink.awaitFinal(requestId, Duration.ofSeconds(60));
          JsonNode run = awaitFailed(api, runId);
          long failed = System.nanoTime();
          if (!run.path("reason").path("kind").asText().equals("cancelled")) {
            wrongReason++;
          }
          containersLeft +=
              Commands.output(
                          List.of(
                              "docker",
                              "ps",
                              "-aq",
                              "--filter",
                              "label=" + DockerEvents.RUN_LABEL + "=" + runId))
                      .isBlank()
                  ? 0
                  : 1;
          if (measured) {
            add(steps, STEPS.get(0), Rows.ms(answered - t0));
            add(steps, STEPS.get(1), event(s.events.at(runId, "kill"), t0e));
            add(steps, STEPS.get(2), event(s.events.at(runId, "die"), t0e));
            add(steps, GONE, event(destroy, t0e));
            add(steps, STEPS.get(4), Rows.ms(fin.nanos() - t0));
            add(steps, STEPS.get(5), Rows.ms(failed - t0));
            runningFor.add(beforeCancel);
            ctx.log()
                .printf(
                    Locale.ROOT,
                    "%s: run %d: container gone %.0f ms after the cancel%n",
                    ID,
                    i - warmups + 1,
                    event(destroy, t0e));
          }
          s.events.forget(runId);
          if (measured) {
            raw.add(rawCancel(s, i));
          }
        }
      }
    }

    Rows rows = new Rows(ID);
    for (String step : STEPS) {
      rows.add(
          "cancel of a running model",
          step,
          "ms",
          Better.LOWER,
          steps.getOrDefault(step, List.of()),
          step.equals(GONE) ? "p99 < 1 s" : "");
    }
    double[] gone = steps.getOrDefault(GONE, List.of()).stream().mapToDouble(d -> d).toArray();
    java.util.Arrays.sort(gone);
    double p50 = gone.length == 0 ? Double.NaN : Stats.interpolated(gone, 0.5);
    double p99 = gone.length == 0 ? Double.NaN : nearestRank(gone, 0.99);
    rows.single("container removed", "p50", "ms", Better.LOWER, p50, "");
    rows.single("container removed", "p99", "ms", Better.LOWER, p99, "< 1000 ms");
    rows.single(
        "container removed",
        "max",
        "ms",
        Better.LOWER,
        gone.length == 0 ? Double.NaN : gone[gone.length - 1],
        "");
    double[] floor = raw.stream().mapToDouble(d -> d).toArray();
    java.util.Arrays.sort(floor);
    rows.add(
        "raw: the engine's forced removal (one API call)",
        "container gone",
        "ms",
        Better.NEITHER,
        raw,
        "");
    double rawP50 = floor.length == 0 ? Double.NaN : Stats.interpolated(floor, 0.5);
    double rawP99 = floor.length == 0 ? Double.NaN : nearestRank(floor, 0.99);
    rows.single("raw: forced removal", "p50", "ms", Better.NEITHER, rawP50, "");
    rows.single("raw: forced removal", "p99", "ms", Better.NEITHER, rawP99, "");
    rows.single("service − raw", "p50", "ms", Better.LOWER, p50 - rawP50, "");
    rows.single("service − raw", "p99", "ms", Better.LOWER, p99 - rawP99, "");
    rows.add(
        "dispatch → executionId seen", "before the cancel", "ms", Better.NEITHER, runningFor, "");
    rows.single("runs", "not ended `cancelled`", "runs", Better.LOWER, wrongReason, "0");
    rows.single(
        "runs", "containers left after the run", "containers", Better.LOWER, containersLeft, "0");

    StringBuilder md = new StringBuilder();
    md.append("A connector that prints a line and sleeps 300 s (`")
        .append(BenchImages.SLEEP)
        .append("`), dispatched to a warm `serve` node (`")
        .append(serveCommand)
        .append("`, the same configuration as part 1). For each run the harness waits for the")
        .append(" engine's `start` event of the run's container, then polls `GET /api/runs/{id}`")
        .append(
            " every 5 ms until `executionId` is set, then sends `POST /api/runs/{id}/cancel` and times, from just before")
        .append(" it: the 202 answer; the engine's `kill`, `die` and `destroy` events of the")
        .append(" run's container (Docker's event stream, the engine's nanosecond clock; no")
        .append(" polling of `docker ps`); the final `failed` callback at the sink; and the run")
        .append(" seen FAILED. ")
        .append(runs)
        .append(" cancels, one at a time, after ")
        .append(warmups)
        .append(
            " untimed ones. After each run `docker ps -aq --filter"
                + " label=io.modelrunner.run-id=<runId>` must be empty, and its reason"
                + " `cancelled`. The floor, after each measured cancel: the same sleeping image"
                + " started by `docker run -d` with part 1's sandbox, limits and mounts, and, once"
                + " the engine reported its `start`, removed with one call of the engine's API"
                + " (`DELETE /containers/{id}?force=true`: the engine's own kill and removal),"
                + " timed from just before that call to its `destroy` event.\n\n");
    if (gone.length > 0) {
      md.append(
          String.format(
              Locale.ROOT,
              "**Headline:** the container is gone %s ms after the cancel at the median, %s ms at"
                  + " p99 (nearest rank, %d cancels); the engine's own forced removal of the same"
                  + " kind of container, in the same rounds: %s ms median, %s ms p99.\n",
              ReportWriter.format(p50),
              ReportWriter.format(p99),
              gone.length,
              ReportWriter.format(rawP50),
              ReportWriter.format(rawP99)));
    }
    return new SuiteResult(rows.all(), md.toString());
  }

  /**
   * The floor: a sleeping container as {@code docker run -d} starts it with part 1's sandbox, then
   * removed with one forced-removal call of the engine's API; ms from just before the call to the
   * engine's {@code destroy} event.
   */
  private static double rawCancel(ServiceSetup s, int i) throws Exception {
    String id = "cancel-raw-" + i + "-" + System.nanoTime();
    Path ws = RawDocker.workspace(s.dir.resolve("raw").resolve(id));
    List<String> command = new ArrayList<>(RawDocker.command(BenchImages.SLEEP, ws, id));
    command.set(command.indexOf("--rm"), "-d");
    String[] lines = Commands.output(command).strip().split("\n");
    String containerId = lines[lines.length - 1].strip(); // after any warning of the CLI
    if (s.events.await(id, "start", Duration.ofSeconds(60)) < 0) {
      throw new IOException("the raw container " + id + " did not start: " + containerId);
    }
    long t0e = Clocks.epochNanos();
    s.events.client().removeContainerCmd(containerId).withForce(true).exec();
    long destroy = s.events.await(id, "destroy", Duration.ofSeconds(60));
    s.events.forget(id);
    RawDocker.delete(ws);
    return event(destroy, t0e);
  }

  private static void awaitExecution(RunsApi api, String runId)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      JsonNode run = api.run(runId);
      if (!run.path("executionId").isNull() && !run.path("executionId").isMissingNode()) {
        return;
      }
      if (RunsApi.ended(run)) {
        throw new IOException("run " + runId + " ended before it could be cancelled: " + run);
      }
      Thread.sleep(5);
    }
    throw new IOException("run " + runId + " had no executionId within 60 s");
  }

  private static JsonNode awaitFailed(RunsApi api, String runId)
      throws IOException, InterruptedException {
    return api.awaitEnded(runId, Duration.ofSeconds(60), Duration.ofMillis(10));
  }

  private static double event(long epochNanos, long t0) {
    return epochNanos < 0 ? Double.NaN : Rows.ms(epochNanos - t0);
  }

  private static void add(Map<String, List<Double>> m, String k, double v) {
    m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
  }

  /** The nearest-rank quantile of sorted values: a latency some cancel actually had. */
  static double nearestRank(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
