package io.modelrunner.benchmarks.slurm;

import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Commands;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import io.modelrunner.benchmarks.report.Summary;
import io.modelrunner.benchmarks.service.BenchImages;
import io.modelrunner.benchmarks.service.Rows;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.engine.slurm.SlurmEngineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Part 8: the Slurm engine on the cluster of {@code .ci/slurm.sh}. (1) Runner overhead: the trivial
 * connector run by the {@link io.modelrunner.engine.slurm.SlurmEngine} from {@code start} to its
 * outcome, against the same bundle submitted by hand ({@link RawSbatch}) until Slurm reports the
 * job ended (seen at once: the floor; or polled at the engine's cadence), in rotated order in the
 * same rounds, each split by when its runc container appeared, when the model wrote its output and
 * when the container was gone. (2) Cancel latency: a sleeping connector, cancelled once it runs, by
 * {@code execution.cancel()} and by {@code scancel} of the raw job, until the runc container is
 * gone and Slurm reports the job ended.
 */
public final class SlurmSuite implements Suite {
  static final String ID = "slurm";
  private static final String ENGINE = "engine";
  private static final String RAW = "raw sbatch";
  private static final String STARTED = "bench-sleep starting";

  /** The harness's end detection: the next question as soon as slurmrestd answered. */
  private static final Duration BACK_TO_BACK = Duration.ofMillis(1);

  /** How often the engine asks for a job's state in its first seconds and after a cancel. */
  private static final Duration ENGINE_FAST_POLL = Duration.ofMillis(100);

  private static final List<String> STEPS =
      List.of(
          "submit (call returned)",
          "submitted → container created",
          "container created → output written",
          "output written → container gone",
          "container gone → end");
  private static final List<String> CANCEL_STEPS =
      List.of(
          "cancel call returned",
          "→ runc container gone",
          "→ Slurm reports the job ended",
          "→ await returned");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 8: the Slurm engine (vs raw `sbatch --container`)";
  }

  @Override
  public List<Requirement> requirements() {
    return SlurmClusterEnv.requirements();
  }

  /**
   * One timed run to its end, with the steps between (NaN when not seen) and the CPU time slurmctld
   * and slurmrestd used meanwhile.
   */
  record Run(double totalMs, double[] stepsMs, double daemonsCpuMs) {}

  /** How a run of the trivial connector is submitted and watched. */
  enum Variant {
    /** The engine: {@code start} → {@code await}. */
    ENGINE("engine: start → outcome"),
    /** sbatch, then slurmrestd asked back to back once the container is gone. */
    RAW("raw sbatch → Slurm reports the job ended"),
    /** sbatch, then slurmrestd asked every 100 ms from the submission on, as the engine does. */
    RAW_POLLED("raw sbatch, polled every 100 ms → Slurm reports the job ended");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  /** One timed cancel: from just before it to each observation (NaN when not seen). */
  record Cancel(double[] stepsMs, boolean leftListed) {}

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int rounds = ctx.intOption("slurm-rounds", 5, 30);
    int cancels = ctx.intOption("slurm-cancels", 4, 20);
    int warmups = ctx.intOption("slurm-warmups", 1, 2);
    Map<Variant, List<Run>> runs = new EnumMap<>(Variant.class);
    List<Double> roundTrips;
    int voided = 0;
    List<Double> bundleMakes;
    List<Double> bundleDeletes;
    List<Double> ratios = new ArrayList<>();
    List<Double> added = new ArrayList<>();
    List<Cancel> engineCancels = new ArrayList<>();
    List<Cancel> rawCancels = new ArrayList<>();
    String rawShown;
    String node;
    try (SlurmBench b = SlurmBench.open(ctx)) {
      node = Commands.output(List.of("sinfo", "-h", "-N", "-o", "%N %c CPUs %m MB %T"));
      SlurmBench.Prepared ok = b.prepare("bench-ok", BenchImages.OK);
      SlurmBench.Prepared sleep = b.prepare("bench-sleep", BenchImages.SLEEP);
      ctx.log()
          .printf(
              "%s: engine runner id %s, shared directory %s, image %s prepared%n",
              ID, b.runnerId, b.cluster.sharedDirectory(), ok.identity().id());
      ExecutionRequest shownRequest = b.request(ok, "shown");
      Path shownFolder = b.dir.resolve("raw-shown");
      rawShown =
          RawSbatch.shown(
              RawSbatch.command(b.cluster.user(), shownRequest, shownFolder), shownFolder, "shown");
      b.delete("shown");

      for (int i = 0; i < warmups; i++) {
        int warm = i;
        undisturbed(
            b,
            ctx,
            "warm-up " + i,
            () -> {
              for (Variant v : Variant.values()) {
                run(b, ok, v, "warm-" + v.ordinal() + "-" + warm + "-" + System.nanoTime());
              }
              return Boolean.TRUE;
            });
      }
      Variant[] variants = Variant.values();
      for (int r = 0, attempt = 0; r < rounds; attempt++) {
        checkAttempts(attempt, rounds);
        int order = r;
        String tag = "r" + attempt;
        Optional<Map<Variant, Run>> measured =
            undisturbed(
                b,
                ctx,
                "round " + (r + 1),
                () -> {
                  Map<Variant, Run> round = new EnumMap<>(Variant.class);
                  for (int k = 0; k < variants.length; k++) {
                    Variant v = variants[(order + k) % variants.length]; // rotated order
                    round.put(v, run(b, ok, v, tag + "-" + v.ordinal()));
                  }
                  return round;
                });
        if (measured.isEmpty()) {
          voided++;
          continue;
        }
        Map<Variant, Run> round = measured.get();
        round.forEach((v, run) -> runs.computeIfAbsent(v, x -> new ArrayList<>()).add(run));
        Run e = round.get(Variant.ENGINE);
        Run w = round.get(Variant.RAW);
        ratios.add(e.totalMs() / w.totalMs());
        added.add(e.totalMs() - w.totalMs());
        r++;
        ctx.log()
            .printf(
                Locale.ROOT,
                "%s: round %d: engine %.0f ms, raw sbatch %.0f ms, raw polled %.0f ms%n",
                ID,
                r,
                e.totalMs(),
                w.totalMs(),
                round.get(Variant.RAW_POLLED).totalMs());
      }
      undisturbed(
          b,
          ctx,
          "cancel warm-up",
          () -> List.of(engineCancel(b, sleep, "cew"), rawCancel(b, sleep, "crw")));
      for (int c = 0, attempt = 0; c < cancels; attempt++) {
        checkAttempts(attempt, cancels);
        boolean engineFirst = c % 2 == 0;
        String tag = "c" + attempt;
        Optional<List<Cancel>> pair =
            undisturbed(
                b,
                ctx,
                "cancel " + (c + 1),
                () -> {
                  if (engineFirst) {
                    Cancel e = engineCancel(b, sleep, tag + "e");
                    return List.of(e, rawCancel(b, sleep, tag + "r"));
                  }
                  Cancel w = rawCancel(b, sleep, tag + "r");
                  return List.of(engineCancel(b, sleep, tag + "e"), w);
                });
        if (pair.isEmpty()) {
          voided++;
          continue;
        }
        Cancel e = pair.get().get(0);
        Cancel w = pair.get().get(1);
        engineCancels.add(e);
        rawCancels.add(w);
        c++;
        ctx.log()
            .printf(
                Locale.ROOT,
                "%s: cancel %d: container gone %.0f ms (engine), %.0f ms (scancel)%n",
                ID,
                c,
                e.stepsMs()[1],
                w.stepsMs()[1]);
      }
      roundTrips = b.roundTrips();
      bundleMakes = b.bundleMakes();
      bundleDeletes = b.bundleDeletes();
    }
    return result(
        rounds,
        cancels,
        warmups,
        rawShown,
        node,
        runs,
        roundTrips,
        bundleMakes,
        bundleDeletes,
        voided,
        ratios,
        added,
        engineCancels,
        rawCancels);
  }

  private static SuiteResult result(
      int rounds,
      int cancels,
      int warmups,
      String rawShown,
      String node,
      Map<Variant, List<Run>> runs,
      List<Double> roundTrips,
      List<Double> bundleMakes,
      List<Double> bundleDeletes,
      int voided,
      List<Double> ratios,
      List<Double> added,
      List<Cancel> engineCancels,
      List<Cancel> rawCancels) {
    Rows rows = new Rows(ID);
    List<Run> engineRuns = runs.getOrDefault(Variant.ENGINE, List.of());
    List<Run> rawRuns = runs.getOrDefault(Variant.RAW, List.of());
    Map<Variant, Summary> totals = new EnumMap<>(Variant.class);
    for (Variant v : Variant.values()) {
      List<Run> of = runs.getOrDefault(v, List.of());
      Better better = v == Variant.ENGINE ? Better.LOWER : Better.NEITHER;
      totals.put(v, rows.add(v.label, "wall time", "ms", better, totals(of), ""));
      rows.single(v.label, "wall time p90", "ms", better, p90(totals(of)), "");
    }
    Summary raw = totals.get(Variant.RAW);
    Summary eng = totals.get(Variant.ENGINE);
    Summary ratio = rows.add("engine / raw", "ratio", "x", Better.LOWER, ratios, "");
    Summary plus = rows.add("engine − raw", "added", "ms", Better.LOWER, added, "");
    for (int s = 0; s < STEPS.size(); s++) {
      int step = s;
      for (Variant v : Variant.values()) {
        rows.add(
            v.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": split",
            STEPS.get(s),
            "ms",
            v == Variant.ENGINE ? Better.LOWER : Better.NEITHER,
            runs.getOrDefault(v, List.of()).stream().map(r -> r.stepsMs()[step]).toList(),
            "");
      }
    }
    for (Variant v : Variant.values()) {
      rows.add(
          v.name().toLowerCase(Locale.ROOT).replace('_', ' '),
          "slurmctld + slurmrestd CPU per run",
          "ms",
          v == Variant.ENGINE ? Better.LOWER : Better.NEITHER,
          runs.getOrDefault(v, List.of()).stream().map(Run::daemonsCpuMs).toList(),
          "");
    }
    rows.add(
        "a run's bundle (hard-link tree of the image + config.json)",
        "made (Bundles.forRun)",
        "ms",
        Better.NEITHER,
        bundleMakes,
        "");
    rows.add(
        "a run's bundle (hard-link tree of the image + config.json)",
        "deleted (Bundles.deleteTree)",
        "ms",
        Better.NEITHER,
        bundleDeletes,
        "");
    rows.add(
        "harness: slurmrestd GET job/{id}", "round trip", "ms", Better.NEITHER, roundTrips, "");
    rows.single(
        "harness: slurmrestd GET job/{id}",
        "round trip p90",
        "ms",
        Better.NEITHER,
        p90(roundTrips),
        "");
    Map<String, double[]> cancelP = new LinkedHashMap<>();
    for (int s = 0; s < CANCEL_STEPS.size(); s++) {
      int step = s;
      String what = CANCEL_STEPS.get(s);
      List<Double> e = engineCancels.stream().map(c -> c.stepsMs()[step]).toList();
      List<Double> w = rawCancels.stream().map(c -> c.stepsMs()[step]).toList();
      rows.add("cancel: execution.cancel()", what, "ms", Better.LOWER, e, "");
      rows.add("cancel: scancel", what, "ms", Better.NEITHER, w, "");
      rows.single("cancel: execution.cancel()", what + " p90", "ms", Better.LOWER, p90(e), "");
      rows.single("cancel: scancel", what + " p90", "ms", Better.NEITHER, p90(w), "");
      cancelP.put(ENGINE + what, new double[] {Rows.median(e), p90(e)});
      cancelP.put(RAW + what, new double[] {Rows.median(w), p90(w)});
    }
    long left =
        engineCancels.stream().filter(Cancel::leftListed).count()
            + rawCancels.stream().filter(Cancel::leftListed).count();
    rows.single(
        "rounds and cancel pairs",
        "voided by a slurmd restart (repeated)",
        "rounds",
        Better.NEITHER,
        voided,
        "");
    rows.single(
        "cancel", "containers still listed by runc list", "containers", Better.LOWER, left, "0");

    StringBuilder md = new StringBuilder();
    md.append("The cluster of `.ci/slurm.sh` (Slurm 22.05, one node: `")
        .append(node)
        .append("`; slurmrestd `openapi/v0.0.38`; Slurm's OCI support with rootless runc as the")
        .append(" job user). **Overhead:** the trivial connector `")
        .append(BenchImages.OK)
        .append("` run by the `SlurmEngine` (default configuration: poll interval ")
        .append(SlurmEngineConfig.DEFAULT_POLL_INTERVAL.toMillis())
        .append(" ms, 100 ms in a job's first 3 s and after a cancel), prepared once (the image")
        .append(" unpacked into a bundle), timed from `engine.start` to `await` returning; and")
        .append(" the raw baseline, the same bundle made the engine's way (hard-link tree +")
        .append(" `OciConfig`, the engine's batch script and environment) before the timing,")
        .append(" submitted by\n\n```\n")
        .append(rawShown)
        .append(
            "\n```\n\nin two ways: (a) timed until Slurm reports the job ended as the harness"
                + " sees it asking slurmrestd (`GET job/{id}`) back to back from the moment the"
                + " job's runc container is gone (the floor: `sbatch --wait` polls every 2 s and"
                + " more, far too coarse); (b) the same, asking every 100 ms from the submission"
                + " on, as the engine does in a job's first seconds. ")
        .append(rounds)
        .append(" rounds, the three in rotated order, after ")
        .append(warmups)
        .append(
            " warm-up run(s) of each. Splits: the runc container's state folder under runc's"
                + " `--root` appearing and going (polled every 1 ms; `runc list` lists exactly"
                + " those), and `output/data.json`'s modification time (the model's write)."
                + " CPU: slurmctld's and slurmrestd's own CPU time (`/proc/<pid>/stat`) from the"
                + " submission to the end, other users' jobs on the cluster included. The"
                + " bundle rows time `Bundles.forRun` and `Bundles.deleteTree` of the raw jobs'"
                + " bundles (made and deleted outside the raw timing; the engine does both inside"
                + " its own, at submission and after the job ended). A round (all three) or a"
                + " cancel pair during which slurmd was restarted (on a shared test cluster:"
                + " someone's node-loss test) is voided and repeated; the table counts them.\n\n");
    Summary polled = totals.get(Variant.RAW_POLLED);
    if (raw != null && eng != null && ratio != null && plus != null && polled != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "**Headline (overhead):** raw %s ms (p90 %s), raw polled every 100 ms %s ms,"
                  + " engine %s ms (p90 %s); engine / raw %.2f× and %s ms per run (medians of"
                  + " the rounds).\n\n",
              ReportWriter.format(raw.median()),
              ReportWriter.format(p90(totals(rawRuns))),
              ReportWriter.format(polled.median()),
              ReportWriter.format(eng.median()),
              ReportWriter.format(p90(totals(engineRuns))),
              ratio.median(),
              (plus.median() >= 0 ? "+" : "") + ReportWriter.format(plus.median())));
    }
    md.append("**Cancel:** the sleeping connector `")
        .append(BenchImages.SLEEP)
        .append("` started by the engine (or submitted raw as above), cancelled once its runc")
        .append(" container exists and the job's output shows the model started; `execution")
        .append(".cancel()` against `scancel JOB` (as root) of the raw job; timed from just before")
        .append(" the cancel to the call returning, the runc container gone, Slurm reporting the")
        .append(
            " job ended (slurmrestd polled back to back) and, for the engine, `await` returning")
        .append(" (outcome `CANCELLED`). ")
        .append(cancels)
        .append(" cancels of each, alternating, after one untimed pair; after each, `runc list -q`")
        .append(" must not list the container.\n\n");
    double[] eg = cancelP.get(ENGINE + CANCEL_STEPS.get(1));
    double[] rg = cancelP.get(RAW + CANCEL_STEPS.get(1));
    double[] ea = cancelP.get(ENGINE + CANCEL_STEPS.get(3));
    if (eg != null && rg != null && !Double.isNaN(eg[0])) {
      md.append(
          String.format(
              Locale.ROOT,
              "**Headline (cancel):** container gone %s ms after `execution.cancel()` (p90 %s),"
                  + " %s ms after `scancel` (p90 %s); `await` returned after %s ms (p90 %s).\n",
              ReportWriter.format(eg[0]),
              ReportWriter.format(eg[1]),
              ReportWriter.format(rg[0]),
              ReportWriter.format(rg[1]),
              ReportWriter.format(ea[0]),
              ReportWriter.format(ea[1])));
    }
    return new SuiteResult(rows.all(), md.toString());
  }

  /**
   * Runs {@code round} once Slurm's node is up; empty when slurmd was restarted meanwhile (on a
   * shared test cluster: another user's node-loss test), which voids the round (its jobs may have
   * been requeued or failed), whether it failed or not.
   */
  private static <T> Optional<T> undisturbed(
      SlurmBench b, SuiteContext ctx, String what, Callable<T> round) throws Exception {
    b.awaitNodeUp(Duration.ofSeconds(180));
    Set<Long> before = b.slurmdPids();
    T result;
    try {
      result = round.call();
    } catch (Exception e) {
      if (!before.equals(b.slurmdPids())) {
        ctx.log().printf("%s: %s voided: slurmd restarted during it (%s)%n", ID, what, e);
        return Optional.empty();
      }
      throw e;
    }
    if (!before.equals(b.slurmdPids())) {
      ctx.log().printf("%s: %s voided: slurmd restarted during it%n", ID, what);
      return Optional.empty();
    }
    return Optional.of(result);
  }

  private static void checkAttempts(int attempt, int wanted) {
    if (attempt >= 2 * wanted + 5) {
      throw new IllegalStateException(
          "slurmd was restarted during too many rounds ("
              + (attempt - wanted)
              + " voided): something on the machine keeps killing it (a node-loss test?); run"
              + " the suite when the cluster is left alone");
    }
  }

  /** One run of the trivial connector as {@code variant}. */
  private static Run run(SlurmBench b, SlurmBench.Prepared ok, Variant variant, String runId)
      throws Exception {
    Run run = variant == Variant.ENGINE ? engineRun(b, ok, runId) : rawRun(b, ok, variant, runId);
    b.delete(runId);
    return run;
  }

  /** One engine run of the trivial connector, from {@code start} to the outcome. */
  private static Run engineRun(SlurmBench b, SlurmBench.Prepared ok, String runId)
      throws Exception {
    ExecutionRequest request = b.request(ok, runId);
    double cpu0 = b.daemonsCpuSeconds();
    long t0e = epochNanos();
    long t0 = System.nanoTime();
    ModelExecution execution = b.engine.start(request, ok.identity());
    long submitted = System.nanoTime();
    try (ContainerWatch watch =
        ContainerWatch.start(
            b.cluster.runcRoot(), b.cluster.user(), Long.parseLong(execution.id()))) {
      ExecutionOutcome outcome =
          execution
              .await(Duration.ofSeconds(180))
              .orElseThrow(() -> new IOException("run " + runId + " did not end within 180 s"));
      long end = System.nanoTime();
      double cpu = b.daemonsCpuSeconds() - cpu0;
      if (outcome.kind() != ExecutionOutcome.Kind.SUCCEEDED) {
        throw new IOException(
            "run "
                + runId
                + " ended "
                + outcome.kind()
                + ": "
                + outcome.detail()
                + " "
                + outcome.logTail());
      }
      watch.awaitGone(Duration.ofSeconds(30));
      return run(t0, t0e, submitted, watch, outputNanos(request, t0, t0e), end, cpu);
    }
  }

  /**
   * One raw run of the same connector, from {@code sbatch} to Slurm reporting the job ended: asked
   * back to back once the container is gone ({@link Variant#RAW}), or every 100 ms from the
   * submission on ({@link Variant#RAW_POLLED}).
   */
  private static Run rawRun(SlurmBench b, SlurmBench.Prepared ok, Variant variant, String runId)
      throws Exception {
    ExecutionRequest request = b.request(ok, runId);
    RawSbatch raw = b.raw(ok, request);
    double cpu0 = b.daemonsCpuSeconds();
    long t0e = epochNanos();
    long t0 = System.nanoTime();
    long job = raw.submit();
    long submitted = System.nanoTime();
    b.submitted(job);
    CompletableFuture<SlurmBench.Ended> polled =
        variant == Variant.RAW_POLLED ? endedAsync(b, job, ENGINE_FAST_POLL) : null;
    try (ContainerWatch watch = ContainerWatch.start(b.cluster.runcRoot(), b.cluster.user(), job)) {
      if (!watch.awaitGone(Duration.ofSeconds(180))) {
        throw new IOException(
            "raw job " + job + ": no runc container came and went within 180 s; " + raw.output());
      }
      SlurmBench.Ended ended =
          polled != null
              ? polled.get(120, TimeUnit.SECONDS)
              : b.awaitEnded(job, BACK_TO_BACK, Duration.ofSeconds(120));
      double cpu = b.daemonsCpuSeconds() - cpu0;
      if (!ended.job().state().equals("COMPLETED")) {
        throw new IOException(
            "raw job " + job + " ended " + ended.job().state() + ": " + raw.output());
      }
      return run(t0, t0e, submitted, watch, outputNanos(request, t0, t0e), ended.nanos(), cpu);
    }
  }

  private static Run run(
      long t0,
      long t0e,
      long submitted,
      ContainerWatch watch,
      long output,
      long end,
      double daemonsCpuSeconds) {
    long appeared = watch.appearedNanos();
    long gone = watch.goneNanos();
    return new Run(
        Rows.ms(end - t0),
        new double[] {
          Rows.ms(submitted - t0),
          between(submitted, appeared),
          between(appeared, output),
          between(output, gone),
          between(gone, end)
        },
        daemonsCpuSeconds * 1000);
  }

  /** The engine's cancel of a running model. */
  private static Cancel engineCancel(SlurmBench b, SlurmBench.Prepared sleep, String runId)
      throws Exception {
    ExecutionRequest request = b.request(sleep, runId);
    ModelExecution execution = b.engine.start(request, sleep.identity());
    long job = Long.parseLong(execution.id());
    Path out = b.cluster.sharedDirectory().resolve("jobs").resolve(runId).resolve("job.out");
    try (ContainerWatch watch = ContainerWatch.start(b.cluster.runcRoot(), b.cluster.user(), job)) {
      awaitModelRunning(watch, () -> read(out), job);
      long t0 = System.nanoTime();
      execution.cancel();
      long returned = System.nanoTime();
      CompletableFuture<SlurmBench.Ended> ended = endedAsync(b, job, BACK_TO_BACK);
      ExecutionOutcome outcome =
          execution
              .await(Duration.ofSeconds(120))
              .orElseThrow(() -> new IOException("cancelled run " + runId + " did not end"));
      long awaited = System.nanoTime();
      if (!watch.awaitGone(Duration.ofSeconds(120))) {
        throw new IOException("the container of cancelled job " + job + " is still there");
      }
      SlurmBench.Ended end = ended.get(120, TimeUnit.SECONDS);
      if (outcome.kind() != ExecutionOutcome.Kind.CANCELLED) {
        throw new IOException(
            "cancelled run " + runId + " ended " + outcome.kind() + ": " + outcome.detail());
      }
      Cancel c =
          new Cancel(
              new double[] {
                Rows.ms(returned - t0),
                Rows.ms(watch.goneNanos() - t0),
                Rows.ms(end.nanos() - t0),
                Rows.ms(awaited - t0)
              },
              listed(b, watch.name()));
      b.delete(runId);
      return c;
    }
  }

  /** {@code scancel} of the same job submitted raw. */
  private static Cancel rawCancel(SlurmBench b, SlurmBench.Prepared sleep, String runId)
      throws Exception {
    ExecutionRequest request = b.request(sleep, runId);
    RawSbatch raw = b.raw(sleep, request);
    long job = raw.submit();
    b.submitted(job);
    try (ContainerWatch watch = ContainerWatch.start(b.cluster.runcRoot(), b.cluster.user(), job)) {
      awaitModelRunning(watch, raw::output, job);
      long t0 = System.nanoTime();
      Process scancel =
          new ProcessBuilder("scancel", Long.toString(job))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!scancel.waitFor(60, TimeUnit.SECONDS) || scancel.exitValue() != 0) {
        scancel.destroyForcibly();
        throw new IOException("scancel " + job + " failed");
      }
      long returned = System.nanoTime();
      CompletableFuture<SlurmBench.Ended> ended = endedAsync(b, job, BACK_TO_BACK);
      if (!watch.awaitGone(Duration.ofSeconds(120))) {
        throw new IOException("the container of cancelled raw job " + job + " is still there");
      }
      SlurmBench.Ended end = ended.get(120, TimeUnit.SECONDS);
      if (!end.job().state().equals("CANCELLED")) {
        throw new IOException("raw job " + job + " ended " + end.job().state());
      }
      Cancel c =
          new Cancel(
              new double[] {
                Rows.ms(returned - t0),
                Rows.ms(watch.goneNanos() - t0),
                Rows.ms(end.nanos() - t0),
                Double.NaN
              },
              listed(b, watch.name()));
      b.delete(runId);
      return c;
    }
  }

  private interface Output {
    String read() throws IOException;
  }

  /** Waits until the job's container exists and its output shows the model started. */
  private static void awaitModelRunning(ContainerWatch watch, Output output, long job)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < end) {
      if (watch.name() != null && output.read().contains(STARTED)) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IOException(
        "job " + job + ": the model did not start within 180 s; its output: " + output.read());
  }

  private static CompletableFuture<SlurmBench.Ended> endedAsync(
      SlurmBench b, long job, Duration interval) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return b.awaitEnded(job, interval, Duration.ofSeconds(120));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
  }

  /** Whether {@code runc list -q} (as root, runc's root of the job user) still lists it. */
  private static boolean listed(SlurmBench b, String container) throws IOException {
    if (container == null) {
      return false;
    }
    String out = Commands.output(List.of("runc", "--root=" + b.cluster.runcRoot(), "list", "-q"));
    return out.lines().anyMatch(l -> l.strip().equals(container));
  }

  private static String read(Path file) throws IOException {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (java.nio.file.NoSuchFileException e) {
      return "";
    }
  }

  /** When the model wrote {@code output/data.json}, on {@code t0}'s clock; -1 when it did not. */
  private static long outputNanos(ExecutionRequest request, long t0, long t0e) {
    Path data = request.workspace().output().resolve("data.json");
    try {
      Instant written = Files.getLastModifiedTime(data).toInstant();
      return t0 + (epochNanos(written) - t0e);
    } catch (IOException e) {
      throw new UncheckedIOException("the model wrote no " + data, e);
    }
  }

  private static double between(long from, long to) {
    return from < 0 || to < 0 ? Double.NaN : Rows.ms(to - from);
  }

  private static List<Double> totals(List<Run> runs) {
    return runs.stream().map(Run::totalMs).toList();
  }

  /** The 90th percentile by nearest rank (a value some run had); NaN for none. */
  static double p90(List<Double> values) {
    double[] sorted =
        values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.9 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static long epochNanos() {
    return epochNanos(Instant.now());
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
