package io.modelrunner.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Commands;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part 6: the service under load. N runs of the trivial connector dispatched up front to one {@code
 * serve} node executing 8 at once, against raw {@code docker run --rm} by 8 parallel workers over
 * the same number of runs (half before and half after the service's phase, so that drift on the
 * machine falls on both alike); runs/s, the node's peak RSS and CPU, and how the stages grow under
 * load.
 */
public final class ServiceLoadSuite implements Suite {
  static final String ID = "load";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 6: the service under load (runs/s at 8 concurrent containers vs raw docker)";
  }

  @Override
  public List<Requirement> requirements() {
    return ServiceSetup.requirements();
  }

  /** What one raw phase did. */
  record RawPhase(
      int runs,
      double seconds,
      List<Double> latenciesMs,
      double cliCpu,
      double busy,
      double engine) {}

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int runs = ctx.intOption("load-runs", 120, 1000);
    int concurrency = ctx.intOption("load-concurrency", 8, 8);
    int warmups = ctx.intOption("load-warmups", 16, 100);
    Rows rows = new Rows(ID);
    String serveCommand;
    Map<String, String> config;
    RawPhase before;
    RawPhase after;
    double serviceSeconds;
    double dispatchSeconds;
    double serviceCpu;
    Map<String, Double> threadCpu;
    double engineCpu;
    double machineBusy;
    double harnessCpu;
    long peakRssKib;
    long hwmKib;
    long rssIdleKib;
    List<Double> latencies = new ArrayList<>();
    Map<String, List<Double>> stages = new LinkedHashMap<>();
    List<Double> queued = new ArrayList<>();
    int failed = 0;
    int duplicates;
    try (ServiceSetup s = ServiceSetup.open(ctx, ID)) {
      config = ServeNode.baseConfig(s.dir.resolve("serve"), s.catalog);
      config.put("runs.max-concurrent", Integer.toString(concurrency));
      config.put("runs.queue-limit", Integer.toString(runs + warmups + 100));
      Path rawWork = Files.createDirectories(s.dir.resolve("raw"));
      try (ServeNode node = s.node("serve", config)) {
        serveCommand = ServiceSetup.relative(Commands.shown(node.command()));
        RunsApi api = node.api();
        long pid = node.handle().pid();

        ctx.log().printf("%s: %d warm-up runs through the service%n", ID, warmups);
        List<String> warm = new ArrayList<>();
        for (int i = 0; i < warmups; i++) {
          String id = "load-warm-" + i + "-" + System.nanoTime();
          api.dispatch(id, "ok", BenchImages.OK, s.sink.url());
          warm.add(id);
        }
        s.sink.awaitFinals(warm, Duration.ofMinutes(5));
        rawPhase(rawWork, concurrency, warmups, "warm"); // warms the engine's raw path too
        rssIdleKib = ProcStatus.kib(pid, "VmRSS");

        int half = runs / 2;
        ctx.log().printf("%s: raw docker, %d runs at %d workers%n", ID, half, concurrency);
        before = rawPhase(rawWork, concurrency, half, "a");

        ctx.log().printf("%s: service, %d runs dispatched up front%n", ID, runs);
        List<String> ids = new ArrayList<>();
        List<String> runIds = new ArrayList<>();
        Map<String, Long> sentAt = new LinkedHashMap<>();
        double cpu0 = CpuTime.seconds(node.handle());
        var threads0 = ProcStatus.threadTicks(pid);
        double self0 = CpuTime.ownSeconds(ProcessHandle.current().pid());
        double engine0 = engineCpu();
        double busy0 = ProcStatus.machineBusySeconds();
        long t0;
        long dispatched;
        CallbackSink.Arrival last;
        try (ProcStatus.RssSampler sampler = new ProcStatus.RssSampler(pid, 200)) {
          t0 = System.nanoTime();
          for (int i = 0; i < runs; i++) {
            String id = "load-" + i + "-" + System.nanoTime();
            sentAt.put(id, System.nanoTime());
            runIds.add(api.dispatch(id, "ok", BenchImages.OK, s.sink.url()));
            ids.add(id);
          }
          dispatched = System.nanoTime();
          last = s.sink.awaitFinals(ids, Duration.ofMinutes(30));
          peakRssKib = sampler.peakKib();
        }
        serviceSeconds = (last.nanos() - t0) / 1e9;
        dispatchSeconds = (dispatched - t0) / 1e9;
        serviceCpu = CpuTime.seconds(node.handle()) - cpu0;
        threadCpu = ProcStatus.threadGroups(threads0, ProcStatus.threadTicks(pid), serviceCpu);
        engineCpu = engineCpu() - engine0;
        machineBusy = ProcStatus.machineBusySeconds() - busy0;
        harnessCpu = CpuTime.ownSeconds(ProcessHandle.current().pid()) - self0;
        hwmKib = ProcStatus.kib(pid, "VmHWM");
        for (String id : ids) {
          CallbackSink.Arrival a = s.sink.finalOf(id).join();
          latencies.add(Rows.ms(a.nanos() - sentAt.get(id)));
          if (!a.status().equals("complete")) {
            failed++;
          }
        }
        duplicates = s.sink.duplicateFinals();

        ctx.log().printf("%s: raw docker, %d runs at %d workers%n", ID, runs - half, concurrency);
        after = rawPhase(rawWork, concurrency, runs - half, "b");

        // how the stages grew under load (read after the timing; every run has ended)
        for (String runId : runIds) {
          JsonNode run = api.awaitEnded(runId, Duration.ofSeconds(60), Duration.ofMillis(50));
          RunnerOverheadSuite.stages(run)
              .forEach((k, v) -> stages.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
          long created = Clocks.epochNanos(run.path("createdAt").asText(null));
          long started = Clocks.epochNanos(run.path("startedAt").asText(null));
          if (created > 0 && started > 0) {
            queued.add(Rows.ms(started - created));
          }
        }
      }
    }

    double rawSeconds = before.seconds() + after.seconds();
    double rawRate = runs / rawSeconds;
    double serviceRate = runs / serviceSeconds;
    String item = "c=" + concurrency + ", " + runs + " runs";
    rows.single("service " + item, "runs/s", "runs/s", Better.HIGHER, serviceRate, "");
    rows.single("raw docker " + item, "runs/s", "runs/s", Better.NEITHER, rawRate, "");
    rows.add(
        "raw docker " + item,
        "runs/s by half (before, after the service)",
        "runs/s",
        Better.NEITHER,
        List.of(before.runs() / before.seconds(), after.runs() / after.seconds()),
        "");
    rows.single("service / raw", "throughput ratio", "x", Better.HIGHER, serviceRate / rawRate, "");
    rows.single(
        "service",
        "dispatch of all runs (1 client thread)",
        "s",
        Better.LOWER,
        dispatchSeconds,
        "");
    rows.single(
        "service", "dispatch rate", "requests/s", Better.HIGHER, runs / dispatchSeconds, "");
    rows.single(
        "service", "first dispatch → last final callback", "s", Better.LOWER, serviceSeconds, "");
    rows.single("raw docker", "both halves", "s", Better.NEITHER, rawSeconds, "");
    rows.single(
        "service", "peak RSS (VmHWM, whole life)", "MiB", Better.LOWER, hwmKib / 1024.0, "");
    rows.single(
        "service",
        "peak RSS (VmRSS sampled every 200 ms, load phase)",
        "MiB",
        Better.LOWER,
        peakRssKib / 1024.0,
        "");
    rows.single(
        "service", "RSS idle after warm-up", "MiB", Better.NEITHER, rssIdleKib / 1024.0, "");
    rows.single("service", "JVM CPU per run", "ms", Better.LOWER, serviceCpu / runs * 1000, "");
    for (Map.Entry<String, Double> t : threadCpu.entrySet()) {
      if (t.getValue() / runs * 1000 >= 0.5) {
        rows.single(
            "service JVM CPU per run, threads",
            t.getKey(),
            "ms",
            Better.LOWER,
            t.getValue() / runs * 1000,
            "");
      }
    }
    rows.single(
        "service phase",
        "dockerd + containerd CPU per run",
        "ms",
        Better.LOWER,
        engineCpu / runs * 1000,
        "");
    rows.single(
        "raw phases",
        "dockerd + containerd CPU per run",
        "ms",
        Better.NEITHER,
        (before.engine() + after.engine()) / runs * 1000,
        "");
    rows.single(
        "service phase",
        "harness CPU per run (client, callback sink, event stream)",
        "ms",
        Better.NEITHER,
        harnessCpu / runs * 1000,
        "");
    rows.single(
        "service phase",
        "machine busy CPU per run (all processes)",
        "ms",
        Better.LOWER,
        machineBusy / runs * 1000,
        "");
    rows.single(
        "raw phases",
        "machine busy CPU per run (all processes)",
        "ms",
        Better.NEITHER,
        (before.busy() + after.busy()) / runs * 1000,
        "");
    rows.single(
        "raw phases",
        "docker CLI CPU per run",
        "ms",
        Better.NEITHER,
        (before.cliCpu() + after.cliCpu()) / runs * 1000,
        "");
    rows.single(
        "service phase",
        "machine busy (of 2 cores × wall time)",
        "%",
        Better.NEITHER,
        100 * machineBusy / (serviceSeconds * Runtime.getRuntime().availableProcessors()),
        "");
    rows.single(
        "raw phases",
        "machine busy (of 2 cores × wall time)",
        "%",
        Better.NEITHER,
        100
            * (before.busy() + after.busy())
            / (rawSeconds * Runtime.getRuntime().availableProcessors()),
        "");
    List<Double> rawLatencies = new ArrayList<>(before.latenciesMs());
    rawLatencies.addAll(after.latenciesMs());
    rows.add(
        "raw docker " + item,
        "one `docker run` under load",
        "ms",
        Better.NEITHER,
        rawLatencies,
        "");
    rows.add(
        "service " + item,
        "dispatch → final callback (incl. queueing)",
        "ms",
        Better.NEITHER,
        latencies,
        "");
    rows.add("service " + item, "queued (createdAt → startedAt)", "ms", Better.NEITHER, queued, "");
    for (String stage : RunnerOverheadSuite.STAGES) {
      rows.add(
          "service stage under load",
          stage,
          "ms",
          Better.LOWER,
          stages.getOrDefault(stage, List.of()),
          "");
    }
    rows.single("service", "runs not COMPLETE", "runs", Better.LOWER, failed, "0");
    rows.single("service", "duplicate final callbacks", "callbacks", Better.LOWER, duplicates, "0");

    StringBuilder md = new StringBuilder();
    md.append("One `serve` node (`")
        .append(serveCommand)
        .append("`, embedded H2, default JVM flags) with\n\n```properties\n");
    config.forEach(
        (k, v) -> md.append(k).append('=').append(ServiceSetup.relative(v)).append('\n'));
    md.append("```\n\n")
        .append(runs)
        .append(" requests (one model each, the trivial connector of part 1, callbacks to the")
        .append(" harness's sink) are dispatched up front by one client thread as fast as the")
        .append(" API answers, and executed ")
        .append(concurrency)
        .append(" at a time; timed from the first dispatch to the last final callback. Raw: the")
        .append(" same `docker run --rm` as part 1 by ")
        .append(concurrency)
        .append(" worker threads over the same number of runs, half before the service's phase")
        .append(" and half after (runs/s = all runs / both halves' time). ")
        .append(warmups)
        .append(" warm-up runs through each first. Peak RSS: the kernel's `VmHWM` of the node's")
        .append(" JVM over its whole life, and the largest `VmRSS` sampled every 200 ms during")
        .append(" the load. CPU: the node's JVM (`/proc/<pid>/stat`), `dockerd` + `containerd`,")
        .append(" the `docker` CLI processes of the raw phases (the harness's reaped children),")
        .append(" and the machine's busy time from `/proc/stat` (every process, other people's")
        .append(" too). The per-stage rows are the runs' own `stages[].seconds` under load.\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "**Headline:** the service ran %s runs/s against %s runs/s for raw `docker run` at the"
                + " same concurrency (%.2f×); %s runs took %s s. Peak RSS %s MiB (VmHWM). The"
                + " node's JVM spent %s ms of CPU per run; the machine was %s%% busy during the"
                + " service's phase.\n",
            ReportWriter.format(serviceRate),
            ReportWriter.format(rawRate),
            serviceRate / rawRate,
            runs,
            ReportWriter.format(serviceSeconds),
            ReportWriter.format(hwmKib / 1024.0),
            ReportWriter.format(serviceCpu / runs * 1000),
            ReportWriter.format(
                100
                    * machineBusy
                    / (serviceSeconds * Runtime.getRuntime().availableProcessors()))));
    return new SuiteResult(rows.all(), md.toString());
  }

  /** {@code count} raw runs on {@code workers} threads; all must succeed. */
  static RawPhase rawPhase(Path work, int workers, int count, String label) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    long self = ProcessHandle.current().pid();
    double cli0 = ProcStatus.reapedChildrenCpuSeconds(self);
    double busy0 = ProcStatus.machineBusySeconds();
    double engine0 = engineCpu();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < count; ) {
                    String id = "load-raw-" + label + "-" + i + "-" + System.nanoTime();
                    Path ws = RawDocker.workspace(work.resolve(id));
                    latencies.add(Rows.ms(RawDocker.run(BenchImages.OK, ws, id)));
                    RawDocker.delete(ws);
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
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new RawPhase(
        count,
        seconds,
        latencies,
        ProcStatus.reapedChildrenCpuSeconds(self) - cli0,
        ProcStatus.machineBusySeconds() - busy0,
        engineCpu() - engine0);
  }

  /**
   * CPU seconds used so far by {@code dockerd} and {@code containerd} (their own time: the
   * per-container shims, which exit with their containers, are not included).
   */
  static double engineCpu() {
    double sum = 0;
    for (long pid : ProcStatus.pidsNamed(List.of("dockerd", "containerd"))) {
      sum += CpuTime.ownSeconds(pid);
    }
    return sum;
  }
}
