package io.modelrunner.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Commands;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import io.modelrunner.benchmarks.report.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Part 1: the runner's overhead over the physical floor. The same trivial connector run (a) by
 * {@code docker run --rm} with the runner's sandbox and mounts ({@link RawDocker}) and (b) by a
 * warm {@code serve} node through the whole pipeline, from {@code POST /api/runs} to the final
 * callback at the harness's sink, in interleaved pairs; broken down by the run's own stage timings
 * and by the engine's container events. Then the CLI's cold cost ({@code java -jar model-runner.jar
 * run}: JVM start + the same pipeline) against the same floor, with and without an AppCDS archive.
 */
public final class RunnerOverheadSuite implements Suite {
  static final String ID = "overhead";
  static final List<String> STAGES =
      List.of(
          "validate",
          "prepare",
          "start-callback",
          "workspace",
          "execute",
          "collect",
          "export",
          "store",
          "final-callback",
          "cleanup");
  private static final String RAW = "raw `docker run --rm`";
  private static final String SERVICE = "service: POST /api/runs → final callback";
  private static final List<String> EVENT_STEPS =
      List.of(
          "start → container created",
          "created → started",
          "started → died (the model)",
          "died → removed",
          "removed → end");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 1: runner overhead vs raw `docker run` (service warm, CLI cold)";
  }

  @Override
  public List<Requirement> requirements() {
    return ServiceSetup.requirements();
  }

  /** One timed run: wall time, and the engine's events as offsets from its start. */
  record Sample(double totalMs, Map<String, Double> steps) {}

  /** One timed service run, with what the runs API says about it. */
  record ServiceSample(
      Sample sample,
      double postMs,
      double queuedMs,
      double unaccountedMs,
      Map<String, Double> stages) {}

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int pairs = ctx.intOption("overhead-pairs", 6, 25);
    int warmups = ctx.intOption("overhead-warmups", 2, 5);
    int cliRounds = ctx.intOption("cli-rounds", 2, 8);
    Rows rows = new Rows(ID);
    List<Sample> raw = new ArrayList<>();
    List<ServiceSample> service = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> added = new ArrayList<>();
    String serveCommand;
    Map<String, String> config;
    Cli cli;
    try (ServiceSetup s = ServiceSetup.open(ctx, ID)) {
      config = ServeNode.baseConfig(s.dir.resolve("serve"), s.catalog);
      try (ServeNode node = s.node("serve", config)) {
        serveCommand = ServiceSetup.relative(Commands.shown(node.command()));
        RunsApi api = node.api();
        Path work = Files.createDirectories(s.dir.resolve("raw"));
        ctx.log().printf("%s: %d warm-up runs each%n", ID, warmups);
        for (int i = 0; i < warmups; i++) {
          serviceRun(api, s, "warm-" + i);
          rawRun(work, s, "warm-" + i);
        }
        for (int p = 0; p < pairs; p++) {
          Sample r;
          ServiceSample v;
          if (p % 2 == 0) {
            r = rawRun(work, s, "pair-" + p);
            v = serviceRun(api, s, "pair-" + p);
          } else {
            v = serviceRun(api, s, "pair-" + p);
            r = rawRun(work, s, "pair-" + p);
          }
          raw.add(r);
          service.add(v);
          ratios.add(v.sample().totalMs() / r.totalMs());
          added.add(v.sample().totalMs() - r.totalMs());
          ctx.log()
              .printf(
                  Locale.ROOT,
                  "%s: pair %d: raw %.0f ms, service %.0f ms (execute stage %.0f ms)%n",
                  ID,
                  p + 1,
                  r.totalMs(),
                  v.sample().totalMs(),
                  v.stages().getOrDefault("execute", Double.NaN));
        }
      }
      cli = new Cli(ctx, s, cliRounds);
      cli.measure();
    }

    Summary rawS = rows.add(RAW, "wall time", "ms", Better.NEITHER, totals(raw), "");
    Summary svcS =
        rows.add(
            SERVICE,
            "wall time",
            "ms",
            Better.LOWER,
            service.stream().map(v -> v.sample().totalMs()).toList(),
            "");
    Summary ratioS =
        rows.add("service / raw", "ratio", "x", Better.LOWER, ratios, "<= 1.15x or <= +150 ms");
    Summary addedS =
        rows.add("service − raw", "added", "ms", Better.LOWER, added, "<= 150 ms or <= 1.15x");
    rows.add(
        "service",
        "POST /api/runs answered",
        "ms",
        Better.LOWER,
        service.stream().map(ServiceSample::postMs).toList(),
        "");
    rows.add(
        "service",
        "queued (createdAt → startedAt)",
        "ms",
        Better.LOWER,
        service.stream().map(ServiceSample::queuedMs).toList(),
        "");
    for (String stage : STAGES) {
      rows.add(
          "service stage",
          stage,
          "ms",
          Better.LOWER,
          service.stream().map(v -> v.stages().getOrDefault(stage, Double.NaN)).toList(),
          "");
    }
    rows.add(
        "service",
        "not in a stage (dispatch, pick, callback in flight)",
        "ms",
        Better.LOWER,
        service.stream().map(ServiceSample::unaccountedMs).toList(),
        "");
    for (String step : EVENT_STEPS) {
      rows.add(
          "raw: engine events",
          step,
          "ms",
          Better.NEITHER,
          raw.stream().map(r -> r.steps().getOrDefault(step, Double.NaN)).toList(),
          "");
      rows.add(
          "service: engine events",
          step,
          "ms",
          Better.LOWER,
          service.stream().map(v -> v.sample().steps().getOrDefault(step, Double.NaN)).toList(),
          "");
    }
    cli.rows(rows);

    return new SuiteResult(
        rows.all(),
        notes(pairs, warmups, serveCommand, config, rawS, svcS, ratioS, addedS, service, raw, cli));
  }

  private static List<Double> totals(List<Sample> samples) {
    return samples.stream().map(Sample::totalMs).toList();
  }

  /** One raw {@code docker run --rm}, timed from the CLI's start to its exit. */
  static Sample rawRun(Path work, ServiceSetup s, String label)
      throws IOException, InterruptedException {
    String id = "raw-" + label + "-" + System.nanoTime();
    Path ws = RawDocker.workspace(work.resolve(id));
    long t0 = Clocks.epochNanos();
    long elapsed = RawDocker.run(BenchImages.OK, ws, id);
    long end = t0 + elapsed;
    Map<String, Double> steps = steps(s.events, id, t0, end);
    s.events.forget(id);
    RawDocker.delete(ws);
    return new Sample(Rows.ms(elapsed), steps);
  }

  /** One service run, timed from just before the dispatch to the final callback's arrival. */
  static ServiceSample serviceRun(RunsApi api, ServiceSetup s, String label)
      throws IOException, InterruptedException, TimeoutException {
    String requestId = "overhead-" + label + "-" + System.nanoTime();
    long t0 = System.nanoTime();
    long t0e = Clocks.epochNanos();
    String runId = api.dispatch(requestId, "ok", BenchImages.OK, s.sink.url());
    long posted = System.nanoTime();
    CallbackSink.Arrival fin = s.sink.awaitFinal(requestId, Duration.ofSeconds(120));
    long total = fin.nanos() - t0;
    if (!fin.status().equals("complete")) {
      throw new IOException("run " + runId + " ended " + fin.status());
    }
    JsonNode run = api.awaitEnded(runId, Duration.ofSeconds(60), Duration.ofMillis(20));
    Map<String, Double> stages = stages(run);
    long created = Clocks.epochNanos(run.path("createdAt").asText(null));
    long started = Clocks.epochNanos(run.path("startedAt").asText(null));
    double queued = created < 0 || started < 0 ? Double.NaN : Rows.ms(started - created);
    double inStages = 0;
    for (String stage : STAGES) {
      if (!stage.equals("cleanup")) { // after the final callback
        inStages += stages.getOrDefault(stage, 0.0);
      }
    }
    Map<String, Double> steps = steps(s.events, runId, t0e, fin.epochNanos());
    s.events.forget(runId);
    return new ServiceSample(
        new Sample(Rows.ms(total), steps),
        Rows.ms(posted - t0),
        queued,
        Rows.ms(total) - inStages,
        stages);
  }

  /** The run's {@code stages[].seconds}, in ms by stage name. */
  static Map<String, Double> stages(JsonNode run) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (JsonNode st : run.path("stages")) {
      if (st.has("seconds")) {
        m.merge(st.path("stage").asText(), st.path("seconds").asDouble() * 1000, Double::sum);
      }
    }
    return m;
  }

  /** The engine's events of {@code id} as the steps between {@code t0} and {@code end}. */
  static Map<String, Double> steps(DockerEvents events, String id, long t0, long end)
      throws InterruptedException {
    long destroy = events.await(id, "destroy", Duration.ofSeconds(10));
    long create = events.at(id, "create");
    long start = events.at(id, "start");
    long die = events.at(id, "die");
    Map<String, Double> m = new LinkedHashMap<>();
    if (create < 0 || start < 0 || die < 0 || destroy < 0) {
      return m; // the events did not all arrive: leave this sample out of the breakdown
    }
    m.put(EVENT_STEPS.get(0), Rows.ms(create - t0));
    m.put(EVENT_STEPS.get(1), Rows.ms(start - create));
    m.put(EVENT_STEPS.get(2), Rows.ms(die - start));
    m.put(EVENT_STEPS.get(3), Rows.ms(destroy - die));
    m.put(EVENT_STEPS.get(4), Rows.ms(end - destroy));
    return m;
  }

  private static String notes(
      int pairs,
      int warmups,
      String serveCommand,
      Map<String, String> config,
      Summary raw,
      Summary service,
      Summary ratio,
      Summary added,
      List<ServiceSample> samples,
      List<Sample> raws,
      Cli cli) {
    StringBuilder md = new StringBuilder();
    md.append(
            "The trivial connector `"
                + BenchImages.OK
                + "` (busybox: one log line, then `data.json` built from the input with `printf`)"
                + " run (a) by `docker run --rm` with the sandbox, limits and mounts runner-core's"
                + " `ContainerLauncher` gives a container under the default limits, on a workspace"
                + " prepared beforehand:\n\n```\n")
        .append(RawDocker.shown(BenchImages.OK))
        .append(
            "\n```\n\nand (b) by a warm `serve` node (embedded H2, `runs.max-concurrent=2`) through"
                + " the whole pipeline: `POST /api/runs` → validate → prepare → start callback →"
                + " workspace → execute → collect (output schema) → export zip → store → final"
                + " callback, timed from just before the POST to the final callback's arrival at"
                + " the harness's callback sink (JDK HTTP server answering 200 `{}`). ")
        .append(pairs)
        .append(" pairs, the order alternating (raw first in even pairs), after ")
        .append(warmups)
        .append(" warm-up runs of each. The node: `")
        .append(serveCommand)
        .append("` with\n\n```properties\n");
    config.forEach(
        (k, v) -> md.append(k).append('=').append(ServiceSetup.relative(v)).append('\n'));
    md.append(
        "```\n\nThe per-stage rows are the run's own `stages[].seconds` (GET /api/runs/{id} after"
            + " it ended); \"not in a stage\" is the wall time minus the stages up to the final"
            + " callback (dispatch, the queue's pick, the callback's flight). The engine-event rows"
            + " come from Docker's event stream (the engine's nanosecond clock against the"
            + " harness's wall clock, same host): from the start of the timing to the container's"
            + " `create`, `create` → `start`, `start` → `die` (the model itself), `die` →"
            + " `destroy` (removed), `destroy` → the end (the CLI's exit for raw, the final"
            + " callback for the service).\n\n");
    if (raw != null && service != null && ratio != null && added != null) {
      boolean met = ratio.median() <= 1.15 || added.median() <= 150;
      md.append(
          String.format(
              Locale.ROOT,
              "**Headline:** raw %s ms, service %s ms (medians): %.2f× and +%s ms per run;"
                  + " target (≤ 1.15× or ≤ +150 ms) %s.",
              ReportWriter.format(raw.median()),
              ReportWriter.format(service.median()),
              ratio.median(),
              ReportWriter.format(added.median()),
              met ? "**met**" : "**not met**"));
      Map<String, Double> medians = new LinkedHashMap<>();
      for (String stage : STAGES) {
        medians.put(
            stage,
            Rows.median(
                samples.stream().map(v -> v.stages().getOrDefault(stage, Double.NaN)).toList()));
      }
      double rawDocker = raw.median();
      double execute = medians.getOrDefault("execute", Double.NaN);
      md.append(
          String.format(
              Locale.ROOT,
              " The execute stage alone takes %s ms (the engine: create, attach, start, wait,"
                  + " inspect, remove) against %s ms for the whole raw `docker run`; the other"
                  + " stages together %s ms.\n\n",
              ReportWriter.format(execute),
              ReportWriter.format(rawDocker),
              ReportWriter.format(
                  medians.entrySet().stream()
                      .filter(e -> !e.getKey().equals("execute") && !e.getKey().equals("cleanup"))
                      .mapToDouble(e -> e.getValue().isNaN() ? 0 : e.getValue())
                      .sum())));
    }
    cli.notes(md);
    return md.toString();
  }

  /** The CLI's cold cost, with and without class-data sharing, against raw docker. */
  static final class Cli {
    private final SuiteContext ctx;
    private final ServiceSetup s;
    private final int rounds;
    private final Path dir;
    private final Path archive;
    private final Map<String, List<Double>> times = new LinkedHashMap<>();
    private final List<Double> ratioPlain = new ArrayList<>();
    private final List<Double> ratioCds = new ArrayList<>();
    private final List<Double> savedCds = new ArrayList<>();
    private final Map<String, List<String>> shown = new LinkedHashMap<>();
    private double trainingMs = Double.NaN;
    private double archiveMiB = Double.NaN;
    private int counter;

    static final String PLAIN = "CLI `run`, default JVM";
    static final String CDS = "CLI `run`, AppCDS archive";
    static final String CDS_C1 = "CLI `run`, AppCDS + C1 only";
    static final String VERSION = "`java -jar model-runner.jar --version`";
    static final String VERSION_CDS = "`--version`, AppCDS archive";
    static final String RAW_CLI = "raw `docker run --rm` (CLI rounds)";

    Cli(SuiteContext ctx, ServiceSetup s, int rounds) throws IOException {
      this.ctx = ctx;
      this.s = s;
      this.rounds = rounds;
      this.dir = Files.createDirectories(s.dir.resolve("cli"));
      this.archive = dir.resolve("model-runner-cli.jsa");
    }

    private List<String> runCommand(List<String> jvmFlags, Path request) {
      List<String> c = new ArrayList<>();
      c.add(s.java);
      c.addAll(jvmFlags);
      c.addAll(
          List.of(
              "-jar",
              s.jar.path().toString(),
              "run",
              request.toString(),
              "--engine",
              "docker",
              "--models",
              s.catalog.toString(),
              "--store",
              dir.resolve("store").toString(),
              "--work-dir",
              dir.resolve("work").toString()));
      return c;
    }

    private List<String> versionCommand(List<String> jvmFlags) {
      List<String> c = new ArrayList<>();
      c.add(s.java);
      c.addAll(jvmFlags);
      c.addAll(List.of("-jar", s.jar.path().toString(), "--version"));
      return c;
    }

    private Path request() throws IOException {
      String id = "cli-" + (counter++) + "-" + System.nanoTime();
      return Files.writeString(
          dir.resolve(id + ".json"),
          RunsApi.requestJson(id, "ok", BenchImages.OK, s.sink.url()),
          StandardCharsets.UTF_8);
    }

    private double time(List<String> command) throws IOException, InterruptedException {
      Path out = dir.resolve("last.log");
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + command);
      }
      long elapsed = System.nanoTime() - t0;
      if (p.exitValue() != 0) {
        throw new IOException(
            "exit " + p.exitValue() + " from " + command + ": " + Files.readString(out));
      }
      return Rows.ms(elapsed);
    }

    void measure() throws IOException, InterruptedException {
      List<String> cds = List.of("-XX:SharedArchiveFile=" + archive);
      List<String> cdsC1 = List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1");
      Files.deleteIfExists(archive);
      ctx.log().printf("%s: CLI: training run for the AppCDS archive%n", ID);
      List<String> training = runCommand(List.of("-XX:ArchiveClassesAtExit=" + archive), request());
      trainingMs = time(training);
      archiveMiB = Files.size(archive) / 1048576.0;
      shown.put("training (once)", training);
      Path rawWork = Files.createDirectories(dir.resolve("raw"));
      // one untimed run of each, so that every variant starts from a warm page cache
      time(runCommand(List.of(), request()));
      time(runCommand(cds, request()));
      List<String> order = List.of(RAW_CLI, PLAIN, CDS, CDS_C1, VERSION, VERSION_CDS);
      for (int r = 0; r < rounds; r++) {
        Map<String, Double> round = new LinkedHashMap<>();
        for (int k = 0; k < order.size(); k++) {
          String variant = order.get((k + r) % order.size());
          double ms;
          List<String> command;
          switch (variant) {
            case RAW_CLI -> {
              ms = rawRun(rawWork, s, "cli-" + r).totalMs();
              command = List.of(RawDocker.shown(BenchImages.OK));
            }
            case PLAIN -> ms = time(command = runCommand(List.of(), request()));
            case CDS -> ms = time(command = runCommand(cds, request()));
            case CDS_C1 -> ms = time(command = runCommand(cdsC1, request()));
            case VERSION -> ms = time(command = versionCommand(List.of()));
            case VERSION_CDS -> ms = time(command = versionCommand(cds));
            default -> throw new IllegalStateException(variant);
          }
          shown.putIfAbsent(variant, command);
          round.put(variant, ms);
          times.computeIfAbsent(variant, k2 -> new ArrayList<>()).add(ms);
        }
        ratioPlain.add(round.get(PLAIN) / round.get(RAW_CLI));
        ratioCds.add(round.get(CDS) / round.get(RAW_CLI));
        savedCds.add(round.get(PLAIN) - round.get(CDS));
        ctx.log()
            .printf(
                Locale.ROOT,
                "%s: CLI round %d: raw %.0f, plain %.0f, CDS %.0f, CDS+C1 %.0f, --version %.0f /"
                    + " %.0f ms%n",
                ID,
                r + 1,
                round.get(RAW_CLI),
                round.get(PLAIN),
                round.get(CDS),
                round.get(CDS_C1),
                round.get(VERSION),
                round.get(VERSION_CDS));
      }
    }

    void rows(Rows rows) {
      times.forEach(
          (variant, values) ->
              rows.add(
                  variant,
                  "wall time",
                  "ms",
                  variant.equals(RAW_CLI) ? Better.NEITHER : Better.LOWER,
                  values,
                  ""));
      rows.add("CLI / raw", "ratio", "x", Better.LOWER, ratioPlain, "");
      rows.add("CLI with AppCDS / raw", "ratio", "x", Better.LOWER, ratioCds, "");
      rows.add("CLI: AppCDS saves", "time saved per run", "ms", Better.HIGHER, savedCds, "");
      rows.single("AppCDS archive", "size", "MiB", Better.NEITHER, archiveMiB, "");
      rows.single("AppCDS archive", "training run (once)", "ms", Better.NEITHER, trainingMs, "");
    }

    void notes(StringBuilder md) {
      md.append("**The CLI, cold.** Each round runs, in rotated order: raw `docker run --rm`;")
          .append(" `model-runner run` on a fresh one-model request (the same connector, a")
          .append(" callback to the same sink, the filesystem store) in a new JVM, with default")
          .append(" flags, with an AppCDS archive of the application's classes, and with that")
          .append(" archive plus `-XX:TieredStopAtLevel=1`; and `--version` with and without the")
          .append(" archive (JVM start, picocli, no pipeline). ")
          .append(rounds)
          .append(" rounds after one untimed run of each. The archive was made once by a training")
          .append(" run (`-XX:ArchiveClassesAtExit`, JDK 17's dynamic archive on top of the JDK's")
          .append(" default CDS archive):\n\n");
      shown.forEach(
          (variant, command) ->
              md.append("- ")
                  .append(variant)
                  .append(": `")
                  .append(
                      command.size() == 1
                          ? command.get(0)
                          : Commands.shown(command)
                              .replace(s.jar.path().toString(), "model-runner.jar")
                              .replace(s.catalog.toString(), "models.json")
                              .replace(dir.toString(), "$CLI")
                              .replaceAll("cli-[0-9]+-[0-9]+\\.json", "REQUEST.json"))
                  .append("`\n"));
      double plain = Rows.median(times.getOrDefault(PLAIN, List.of()));
      double cds = Rows.median(times.getOrDefault(CDS, List.of()));
      double rawMs = Rows.median(times.getOrDefault(RAW_CLI, List.of()));
      double saved = Rows.median(savedCds);
      if (!Double.isNaN(plain) && !Double.isNaN(cds)) {
        md.append(
            String.format(
                Locale.ROOT,
                "\n**CLI headline:** %s ms per run cold (%.1f× raw docker's %s ms); with the"
                    + " AppCDS archive %s ms: it saves %s ms per run (median of per-round"
                    + " differences), for a %s MiB archive made once.\n",
                ReportWriter.format(plain),
                plain / rawMs,
                ReportWriter.format(rawMs),
                ReportWriter.format(cds),
                ReportWriter.format(saved),
                ReportWriter.format(archiveMiB)));
      }
    }
  }
}
