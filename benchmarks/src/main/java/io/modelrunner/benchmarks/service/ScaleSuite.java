package io.modelrunner.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Commands;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Stats;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 21: ten thousand queued runs in a small heap. Every node runs with {@code -Xmx128m}. The
 * runs' model (process engine, a shell script) waits at a gate, a file the harness creates, so that
 * all runs stay queued while they are dispatched, listed and paged through; then the gate opens and
 * the queue drains. Two variants:
 *
 * <ul>
 *   <li>{@code single}: one node on its embedded default database (SQLite);
 *   <li>{@code pool}: three nodes on one fresh PostgreSQL database, the clients spread over them,
 *       and one node killed ({@code SIGKILL}) when a third of the runs have ended: the others take
 *       its runs over after the lease.
 * </ul>
 *
 * <p>Measured: dispatch latency (p50/p99/max, also over the last tenth, when the queue is deepest)
 * and rate from 8 client threads on keep-alive connections; the list's pages while the queue is
 * full; RSS and heap after a full GC (jcmd) with the queue full and after the drain; the drain's
 * rate; and checked, not timed: every run COMPLETE, exactly one final callback each, and the order
 * in which runs started against the order they were dispatched in.
 */
public final class ScaleSuite implements Suite {
  static final String ID = "scale";

  /** Runs of the ungated model through the whole pipeline before anything is dispatched. */
  static final int PIPELINE_WARMUPS = 50;

  /**
   * The JVM flags docs/operations.md recommends for {@code serve} beside a small heap: the serial
   * collector (one GC thread, no concurrent marking: less CPU and RSS for a heap this size) and C1
   * only (no C2 compiler threads competing for the cores with the requests).
   */
  static final List<String> RECOMMENDED = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /** The heap every node of this suite gets. */
  static final String HEAP = "-Xmx128m";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Issue 21: ten thousand queued runs in -Xmx128m (one node; a 3-node PostgreSQL pool"
        + " losing a node)";
  }

  @Override
  public List<Requirement> requirements() {
    return List.of(
        new Requirement(
            "jcmd (the JDK's, beside java)",
            List.of(jcmd(), "-h"),
            "run the harness on a full JDK 17, not a JRE"),
        new Requirement(
            "PostgreSQL on 127.0.0.1:5432 (or --pg-url)",
            List.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5432"),
            "start PostgreSQL (.ci/postgres.sh), or run only the single-node variant with"
                + " --scale-variants single"));
  }

  /** What one variant measured. */
  record Outcome(
      String label,
      int runs,
      int gatedRuns,
      int slotsTotal,
      long[] dispatchNanos,
      double dispatchSeconds,
      double dispatchCpuSeconds,
      double dispatchBusySeconds,
      Map<String, Double> dispatchThreadSeconds,
      double harnessCpuSeconds,
      long[] floorNanos,
      double floorSeconds,
      List<Double> pageMs,
      int listedQueued,
      double pagingSeconds,
      Map<String, Memory> memoryFull,
      Map<String, Memory> memoryDrained,
      Map<String, Long> peakRssKib,
      double drainSeconds,
      int notComplete,
      int duplicateFinals,
      int missingFinals,
      Order order,
      String killed,
      int killedRunning,
      String command,
      Map<String, String> config) {}

  /** Memory of one node at one moment. */
  record Memory(long rssKib, long heapUsedAfterGcKib, long heapCommittedKib) {}

  /**
   * How far the start order strayed from the dispatch order.
   *
   * @param maxDisplacement the largest distance, in positions, between a run's rank by dispatch and
   *     its rank by start
   * @param beyondSlots runs that started more than the pool's slot count of positions away from
   *     their dispatch rank (the slots start runs in parallel, so a smaller shift is no reordering)
   */
  record Order(int runs, int maxDisplacement, int beyondSlots) {}

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int runs = ctx.intOption("scale-runs", 1000, 10_000);
    int clients = ctx.intOption("scale-clients", 8, 8);
    int slots = ctx.intOption("scale-slots", 4, 4);
    int poolNodes = ctx.intOption("scale-pool-nodes", 3, 3);
    int poolSlots = ctx.intOption("scale-pool-slots", 2, 2);
    int warmups = ctx.intOption("scale-warmups", 1000, 2000);
    int page = ctx.intOption("scale-page", 100, 100);
    List<String> variants =
        List.of(
            ctx.options()
                .getOrDefault("scale-variants", "single,single-jvm-defaults,pool")
                .split(","));
    Path root = ctx.workDir().resolve("service");
    Path source =
        Path.of(ctx.options().getOrDefault("runner-jar", RunnerJar.DEFAULT)).toAbsolutePath();
    RunnerJar jar = RunnerJar.copy(source, root.resolve("jar"));
    Path dir = root.resolve(ID);
    RawDocker.delete(dir);
    Files.createDirectories(dir);
    String extra = ctx.options().getOrDefault("serve-java-options", "").strip();
    List<String> plain = new ArrayList<>();
    plain.add(HEAP);
    if (!extra.isEmpty()) {
      plain.addAll(List.of(extra.split("\\s+")));
    }
    List<String> javaOptions = new ArrayList<>(plain);
    javaOptions.addAll(RECOMMENDED);
    Rows rows = new Rows(ID);
    StringBuilder md = new StringBuilder();
    md.append(
        "Every node: `java "
            + String.join(" ", javaOptions)
            + " -jar model-runner.jar serve` (the flags docs/operations.md recommends; the"
            + " variant `JVM defaults` has only `"
            + String.join(" ", plain)
            + "` and is not drained), the process engine, a model that waits at a gate"
            + " (a file the harness creates) and then writes a valid `data.json`. After "
            + PIPELINE_WARMUPS
            + " runs of an ungated model through the whole pipeline, "
            + clients
            + " client threads on keep-alive connections, each sending its next request when the"
            + " previous one was answered, dispatch "
            + warmups
            + " untimed runs (the JIT's warm-up) and then the "
            + runs
            + " timed ones, all to the gated model; the list is paged through ("
            + page
            + " a page) while they wait; memory is read with `jcmd <pid> GC.run` then"
            + " `GC.heap_info` (heap used after a full GC) and `VmRSS`; then the gate opens and the"
            + " queue drains. Nothing here is asserted: the report gives the counts.\n\n");
    try (CallbackSink sink = new CallbackSink()) {
      for (String v : variants) {
        Outcome o =
            switch (v.strip()) {
              case "single", "single-jvm-defaults" ->
                  single(
                      ctx,
                      jar,
                      v.strip().equals("single") ? javaOptions : plain,
                      dir.resolve(v.strip()),
                      sink,
                      runs,
                      clients,
                      slots,
                      warmups,
                      page);
              case "pool" ->
                  pool(
                      ctx,
                      jar,
                      javaOptions,
                      dir.resolve("pool"),
                      sink,
                      runs,
                      clients,
                      poolNodes,
                      poolSlots,
                      warmups,
                      page);
              default ->
                  throw new IllegalArgumentException(
                      "--scale-variants: unknown variant '"
                          + v
                          + "' (single, single-jvm-defaults, pool)");
            };
        report(rows, md, o);
      }
    }
    return new SuiteResult(rows.all(), md.toString());
  }

  private Outcome single(
      SuiteContext ctx,
      RunnerJar jar,
      List<String> javaOptions,
      Path dir,
      CallbackSink sink,
      int runs,
      int clients,
      int slots,
      int warmups,
      int page)
      throws Exception {
    Path gate = dir.resolve("gate");
    Path catalog = writeCatalog(dir, gate);
    Map<String, String> config = config(dir.resolve("node"), catalog, slots, runs + warmups);
    boolean recommended = javaOptions.containsAll(RECOMMENDED);
    ctx.log().printf("%s/single: one node, %d slots, %d runs, %s%n", ID, slots, runs, javaOptions);
    try (ServeNode node =
        ServeNode.start("single", ctx.javaExecutable(), javaOptions, jar, dir, config)) {
      node.awaitReady(Duration.ofSeconds(120));
      return measure(
          ctx,
          recommended ? "1 node (SQLite)" : "1 node (SQLite), JVM defaults",
          List.of(node),
          sink,
          gate,
          runs,
          clients,
          slots,
          warmups,
          page,
          false,
          recommended,
          config);
    }
  }

  private Outcome pool(
      SuiteContext ctx,
      RunnerJar jar,
      List<String> javaOptions,
      Path dir,
      CallbackSink sink,
      int runs,
      int clients,
      int nodes,
      int slots,
      int warmups,
      int page)
      throws Exception {
    Postgres pg = Postgres.from(ctx);
    String db = pg.create();
    Path gate = dir.resolve("gate");
    Path catalog = writeCatalog(dir, gate);
    Path store = Files.createDirectories(dir.resolve("store"));
    List<ServeNode> started = new ArrayList<>();
    ctx.log()
        .printf("%s/pool: %d nodes × %d slots on PostgreSQL, %d runs%n", ID, nodes, slots, runs);
    try {
      Map<String, String> shown = null;
      for (int i = 0; i < nodes; i++) {
        String name = "node" + (i + 1);
        Map<String, String> config = config(dir.resolve(name), catalog, slots, runs + warmups);
        config.put("node.id", "scale-" + name);
        config.put("database.url", pg.url(db));
        config.put("database.user", pg.user);
        config.put("database.password", pg.password);
        config.put("store", store.toString());
        config.put("pool.polling-interval", "PT0.2S");
        started.add(ServeNode.start(name, ctx.javaExecutable(), javaOptions, jar, dir, config));
        if (shown == null) {
          shown = new LinkedHashMap<>(config);
          shown.put("database.password", "…");
          shown.put("database.url", pg.url("mrbench_<random>"));
        }
      }
      for (ServeNode n : started) {
        n.awaitReady(Duration.ofSeconds(120));
      }
      return measure(
          ctx,
          nodes + " nodes (PostgreSQL), one killed",
          started,
          sink,
          gate,
          runs,
          clients,
          nodes * slots,
          warmups,
          page,
          true,
          true,
          shown);
    } finally {
      started.forEach(ServeNode::close);
      pg.drop(db);
    }
  }

  private Outcome measure(
      SuiteContext ctx,
      String label,
      List<ServeNode> nodes,
      CallbackSink sink,
      Path gate,
      int runs,
      int clients,
      int slotsTotal,
      int warmups,
      int page,
      boolean killOne,
      boolean drain,
      Map<String, String> config)
      throws Exception {
    List<RunsApi> apis = nodes.stream().map(ServeNode::api).toList();
    int duplicates0 = sink.duplicateFinals();
    String tag = label.startsWith("1 ") ? (drain ? "single" : "defaults") : "pool";
    long nonce = System.nanoTime();
    List<String> warm = new ArrayList<>();
    for (int i = 0; i < PIPELINE_WARMUPS; i++) {
      warm.add("scale-" + tag + "-warm-" + i + "-" + nonce);
    }
    dispatch(apis, warm, clients, "ok", sink.url());
    sink.awaitFinals(warm, Duration.ofMinutes(10));

    // the first dispatches warm the dispatch path up (JIT); they queue at the gate like the rest
    List<String> untimed = new ArrayList<>(warmups);
    for (int i = 0; i < warmups; i++) {
      untimed.add("scale-" + tag + "-first-" + i + "-" + nonce);
    }
    ctx.log().printf("%s/%s: %d untimed dispatches first%n", ID, tag, warmups);
    dispatch(apis, untimed, clients, "gated", sink.url());
    List<String> ids = new ArrayList<>(runs);
    for (int i = 0; i < runs; i++) {
      ids.add("scale-" + tag + "-" + i + "-" + nonce);
    }
    List<String> gated = new ArrayList<>(untimed);
    gated.addAll(ids);
    Map<String, Long> peaks = new LinkedHashMap<>();
    List<ProcStatus.RssSampler> samplers = new ArrayList<>();
    for (ServeNode n : nodes) {
      samplers.add(new ProcStatus.RssSampler(n.handle().pid(), 200));
    }
    ctx.log().printf("%s/%s: dispatching %d runs from %d clients%n", ID, tag, runs, clients);
    // the floor: the same clients on the same connections asking for GET /health (no work)
    long[] floor = floorOf(apis, Math.min(runs, 5000), clients);
    String profile = ctx.options().get("scale-profile");
    if (profile != null) {
      for (ServeNode n : nodes) {
        jcmdOut(n.handle().pid(), "JFR.start name=scale settings=profile");
      }
    }
    double cpu0 = nodesCpu(nodes);
    long firstPid = nodes.get(0).handle().pid();
    var threads0 = ProcStatus.threadTicks(firstPid);
    double first0 = io.modelrunner.benchmarks.support.CpuTime.ownSeconds(firstPid);
    double busy0 = ProcStatus.machineBusySeconds();
    double harness0 =
        io.modelrunner.benchmarks.support.CpuTime.ownSeconds(ProcessHandle.current().pid());
    long t0 = System.nanoTime();
    long[] latencies = dispatch(apis, ids, clients, "gated", sink.url());
    double dispatchSeconds = (System.nanoTime() - t0) / 1e9;
    double dispatchCpu = nodesCpu(nodes) - cpu0;
    double dispatchBusy = ProcStatus.machineBusySeconds() - busy0;
    double harnessCpu =
        io.modelrunner.benchmarks.support.CpuTime.ownSeconds(ProcessHandle.current().pid())
            - harness0;
    Map<String, Double> dispatchThreads =
        ProcStatus.threadGroups(
            threads0,
            ProcStatus.threadTicks(firstPid),
            io.modelrunner.benchmarks.support.CpuTime.ownSeconds(firstPid) - first0);
    if (profile != null) {
      for (ServeNode n : nodes) {
        Path file =
            Path.of(profile).toAbsolutePath().resolve(tag + "-" + n.name() + "-dispatch.jfr");
        jcmdOut(n.handle().pid(), "JFR.stop name=scale filename=" + file);
        ctx.log().printf("%s/%s: dispatch profile %s%n", ID, tag, file);
      }
    }

    // the queue is full: page through it, then read memory
    List<Double> pageMs = new ArrayList<>();
    long p0 = System.nanoTime();
    int listed = pageThrough(apis.get(0), "state=QUEUED&limit=" + page, pageMs, null);
    double pagingSeconds = (System.nanoTime() - p0) / 1e9;
    Map<String, Memory> full = new LinkedHashMap<>();
    for (ServeNode n : nodes) {
      full.put(n.name(), memory(n.handle().pid()));
    }

    if (!drain) {
      return new Outcome(
          label,
          runs,
          gated.size(),
          slotsTotal,
          latencies,
          dispatchSeconds,
          dispatchCpu,
          dispatchBusy,
          dispatchThreads,
          harnessCpu,
          floor,
          floorSeconds(floor),
          pageMs,
          listed,
          pagingSeconds,
          full,
          Map.of(),
          Map.of(),
          Double.NaN,
          -1,
          -1,
          -1,
          null,
          null,
          0,
          ServiceSetup.relative(Commands.shown(nodes.get(0).command())),
          config);
    }
    ctx.log().printf("%s/%s: gate open, draining%n", ID, tag);
    long d0 = System.nanoTime();
    Files.writeString(gate, "open\n");
    String killed = null;
    int killedRunning = 0;
    if (killOne) {
      awaitEnded(sink, gated, gated.size() / 3, Duration.ofMinutes(60));
      ServeNode victim = nodes.get(nodes.size() - 1);
      killed = victim.name();
      killedRunning = running(apis.get(0), "scale-" + victim.name());
      ctx.log()
          .printf("%s/%s: SIGKILL %s (%d runs running there)%n", ID, tag, killed, killedRunning);
      samplers.get(nodes.size() - 1).close();
      peaks.put(victim.name(), samplers.get(nodes.size() - 1).peakKib());
      victim.handle().destroyForcibly();
      victim.handle().onExit().join();
    }
    sink.awaitFinals(gated, Duration.ofMinutes(120));
    double drainSeconds = (System.nanoTime() - d0) / 1e9;
    Map<String, Memory> drained = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      ServeNode n = nodes.get(i);
      if (!n.handle().isAlive()) {
        continue;
      }
      samplers.get(i).close();
      peaks.put(n.name(), samplers.get(i).peakKib());
      drained.put(n.name(), memory(n.handle().pid()));
    }

    int notComplete = 0;
    int missing = 0;
    for (String id : gated) {
      CallbackSink.Arrival a = sink.finalOf(id).getNow(null);
      if (a == null) {
        missing++;
      } else if (!a.status().equals("complete")) {
        notComplete++;
      }
    }
    Thread.sleep(2000); // a late repeated final callback still counts
    Order order = order(apis.get(0), gated.size(), page, slotsTotal);
    return new Outcome(
        label,
        runs,
        gated.size(),
        slotsTotal,
        latencies,
        dispatchSeconds,
        dispatchCpu,
        dispatchBusy,
        dispatchThreads,
        harnessCpu,
        floor,
        floorSeconds(floor),
        pageMs,
        listed,
        pagingSeconds,
        full,
        drained,
        peaks,
        drainSeconds,
        notComplete,
        sink.duplicateFinals() - duplicates0,
        missing,
        order,
        killed,
        killedRunning,
        ServiceSetup.relative(Commands.shown(nodes.get(0).command())),
        config);
  }

  /**
   * {@code n} requests {@code GET /health} from {@code clients} threads, as {@link #dispatch} sends
   * its requests; each one's latency (ns), and the wall time (ns) in the last element.
   */
  static long[] floorOf(List<RunsApi> apis, int n, int clients) throws Exception {
    long[] latencies = new long[n + 1];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        RunsApi api = apis.get(c % apis.size());
        done.add(
            pool.submit(
                () -> {
                  try (LeanHttp http = new LeanHttp(api.base(), ServeNode.TOKEN)) {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                      long t = System.nanoTime();
                      LeanHttp.Answer a = http.get("/health");
                      latencies[i] = System.nanoTime() - t;
                      if (a.status() != 200) {
                        throw new IOException("GET /health answered " + a.status());
                      }
                    }
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
    latencies[n] = System.nanoTime() - t0;
    return latencies;
  }

  private static double floorSeconds(long[] floor) {
    return floor[floor.length - 1] / 1e9;
  }

  /** CPU seconds the nodes' JVMs have used so far. */
  private static double nodesCpu(List<ServeNode> nodes) {
    double sum = 0;
    for (ServeNode n : nodes) {
      sum += io.modelrunner.benchmarks.support.CpuTime.ownSeconds(n.handle().pid());
    }
    return sum;
  }

  /**
   * Dispatches one run of {@code slug} per id from {@code clients} threads, each on one keep-alive
   * connection of its own ({@link LeanHttp}; client {@code c} talks to node {@code c mod nodes});
   * returns each request's latency (ns), in the order of ids.
   */
  static long[] dispatch(
      List<RunsApi> apis, List<String> ids, int clients, String slug, String callback)
      throws Exception {
    long[] latencies = new long[ids.size()];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        RunsApi api = apis.get(c % apis.size());
        done.add(
            pool.submit(
                () -> {
                  try (LeanHttp http = new LeanHttp(api.base(), ServeNode.TOKEN)) {
                    for (int i; (i = next.getAndIncrement()) < ids.size(); ) {
                      String body =
                          RunsApi.requestJson(ids.get(i), slug, DurabilitySuite.IMAGE, callback);
                      long t = System.nanoTime();
                      LeanHttp.Answer a = http.postJson("/api/runs", body);
                      latencies[i] = System.nanoTime() - t;
                      if (a.status() != 202) {
                        throw new IOException(
                            "POST /api/runs answered " + a.status() + ": " + a.text());
                      }
                    }
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
   * Pages through {@code GET /api/runs?query} to the end; each page's latency into {@code pageMs};
   * each run's summary to {@code into} when given. Returns the number of runs listed.
   */
  static int pageThrough(RunsApi api, String query, List<Double> pageMs, List<JsonNode> into)
      throws IOException, InterruptedException {
    int listed = 0;
    String cursor = null;
    do {
      String q =
          cursor == null
              ? query
              : query + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      long t = System.nanoTime();
      JsonNode answer = api.list(q);
      pageMs.add(Rows.ms(System.nanoTime() - t));
      for (JsonNode run : answer.path("runs")) {
        listed++;
        if (into != null) {
          into.add(run);
        }
      }
      cursor = answer.path("nextCursor").isTextual() ? answer.path("nextCursor").asText() : null;
    } while (cursor != null);
    return listed;
  }

  /** Runs of the gated model that node {@code nodeId} is running now. */
  private static int running(RunsApi api, String nodeId) throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    pageThrough(api, "state=RUNNING&model=gated&limit=100", new ArrayList<>(), all);
    return (int) all.stream().filter(r -> nodeId.equals(r.path("node").asText())).count();
  }

  /** Waits until {@code count} of {@code ids} have their final callback. */
  private static void awaitEnded(CallbackSink sink, List<String> ids, int count, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      int done = 0;
      for (String id : ids) {
        if (sink.finalOf(id).isDone()) {
          done++;
        }
      }
      if (done >= count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(count + " runs did not end within " + timeout);
  }

  /**
   * The start order against the dispatch order of the last {@code runs} runs of the gated model.
   * The dispatch order is the queue's: by {@code createdAt}, the time the service took the request
   * (concurrent dispatches may commit in another order than they were taken, which is why not by
   * the list's own order); ties keep the list's order.
   */
  static Order order(RunsApi api, int runs, int page, int slots)
      throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    pageThrough(api, "model=gated&limit=" + page, new ArrayList<>(), all);
    List<JsonNode> measured = new ArrayList<>(all.subList(0, Math.min(runs, all.size())));
    java.util.Collections.reverse(measured); // oldest first
    List<JsonNode> byDispatch = new ArrayList<>(measured);
    byDispatch.sort(
        java.util.Comparator.comparingLong(
            r -> Clocks.epochNanos(r.path("createdAt").asText(null))));
    return order(
        byDispatch.stream().map(r -> Clocks.epochNanos(r.path("startedAt").asText(null))).toList(),
        slots);
  }

  /** {@link Order} of runs whose start times, in dispatch order, are {@code startedNanos}. */
  static Order order(List<Long> startedNanos, int slots) {
    int n = startedNanos.size();
    Integer[] byStart = new Integer[n];
    for (int i = 0; i < n; i++) {
      byStart[i] = i;
    }
    Arrays.sort(byStart, (a, b) -> Long.compare(startedNanos.get(a), startedNanos.get(b)));
    int max = 0;
    int beyond = 0;
    for (int rank = 0; rank < n; rank++) {
      int d = Math.abs(byStart[rank] - rank);
      max = Math.max(max, d);
      if (d > slots) {
        beyond++;
      }
    }
    return new Order(n, max, beyond);
  }

  /** RSS now, and the heap after a full collection, of JVM {@code pid} (jcmd). */
  static Memory memory(long pid) throws IOException, InterruptedException {
    jcmdOut(pid, "GC.run");
    String info = jcmdOut(pid, "GC.heap_info");
    long[] heap = heapUsedAndTotal(info);
    return new Memory(ProcStatus.kib(pid, "VmRSS"), heap[0], heap[1]);
  }

  /**
   * The heap's {@code used} and {@code total} (KiB) from {@code jcmd GC.heap_info}'s first line
   * that gives both (" garbage-first heap total 131072K, used 40123K [...]").
   */
  static long[] heapUsedAndTotal(String heapInfo) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(heapInfo);
    long used = 0;
    long total = 0;
    // the generational collectors print one line per generation: add them up, metaspace excluded
    for (String line : heapInfo.split("\n")) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        continue;
      }
      java.util.regex.Matcher l = m.reset(line);
      if (l.find()) {
        total += Long.parseLong(l.group(1));
        used += Long.parseLong(l.group(2));
      }
    }
    if (total == 0) {
      throw new IllegalStateException("no heap line in jcmd GC.heap_info's answer:\n" + heapInfo);
    }
    return new long[] {used, total};
  }

  private static String jcmdOut(long pid, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(jcmd(), Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }

  private static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  private static Map<String, String> config(Path dir, Path catalog, int slots, int queueLimit) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("data.dir", dir.resolve("data").toString());
    c.put("engine", "process");
    c.put("models.catalog", catalog.toString());
    c.put("images.allowed-prefixes", "local/");
    c.put("callbacks.allowed-hosts", "127.0.0.1:*");
    c.put("auth.api-token", ServeNode.TOKEN);
    c.put("shutdown.grace", "PT5S");
    c.put("runs.max-concurrent", Integer.toString(slots));
    c.put("runs.queue-limit", Integer.toString(queueLimit + 100));
    c.put("deadlines.queued", "PT3H");
    return c;
  }

  /**
   * Two models of the process engine: {@code ok} writes a valid {@code data.json} at once (the
   * warm-up), {@code gated} first waits until {@code gate} exists; both re-run when their node is
   * lost.
   */
  static Path writeCatalog(Path dir, Path gate) throws IOException {
    Files.createDirectories(dir);
    String write =
        """
        M='[0,1]'
        printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
          "$(cat "$MODEL_INPUT_DIR/inputFile.json")" $M $M $M $M $M $M $M $M $M $M $M > "$MODEL_OUTPUT_DIR/data.json"
        """;
    Path ok = script(dir.resolve("ok.sh"), "#!/bin/sh\nset -e\n" + write);
    Path gated =
        script(
            dir.resolve("gated.sh"),
            "#!/bin/sh\nset -e\nwhile [ ! -e '"
                + gate.toAbsolutePath()
                + "' ]; do sleep 0.5; done\n"
                + write);
    return Files.writeString(
        dir.resolve("models.json"),
        "{\"models\": {" + entry("ok", ok) + ", " + entry("gated", gated) + "}}\n",
        StandardCharsets.UTF_8);
  }

  private static String entry(String slug, Path script) {
    return "\""
        + slug
        + "\": {\"image\": \""
        + DurabilitySuite.IMAGE
        + "\", \"command\": [\""
        + script.toAbsolutePath()
        + "\"], \"onNodeLoss\": \"rerun\"}";
  }

  private static Path script(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static void report(Rows rows, StringBuilder md, Outcome o) {
    String item = o.label();
    long[] sorted = o.dispatchNanos().clone();
    Arrays.sort(sorted);
    int tenth = Math.max(1, o.runs() / 10);
    long[] last = Arrays.copyOfRange(o.dispatchNanos(), o.runs() - tenth, o.runs());
    Arrays.sort(last);
    double rate = o.runs() / o.dispatchSeconds();
    double p99 = Stats.nearestRank(sorted, 0.99) / 1e6;
    rows.single(item, "dispatch rate (8 clients)", "requests/s", Better.HIGHER, rate, "≥ 1000");
    rows.single(
        item, "dispatch p50", "ms", Better.LOWER, Stats.nearestRank(sorted, 0.50) / 1e6, "");
    rows.single(item, "dispatch p99", "ms", Better.LOWER, p99, "< 20");
    long[] floor = Arrays.copyOf(o.floorNanos(), o.floorNanos().length - 1);
    Arrays.sort(floor);
    rows.single(
        item + ", floor: GET /health",
        "rate (same clients)",
        "requests/s",
        Better.HIGHER,
        floor.length / o.floorSeconds(),
        "");
    rows.single(
        item + ", floor: GET /health",
        "p50",
        "ms",
        Better.LOWER,
        Stats.nearestRank(floor, 0.50) / 1e6,
        "");
    rows.single(
        item + ", floor: GET /health",
        "p99",
        "ms",
        Better.LOWER,
        Stats.nearestRank(floor, 0.99) / 1e6,
        "");
    rows.single(
        item,
        "dispatch rate / floor rate",
        "x",
        Better.HIGHER,
        rate / (floor.length / o.floorSeconds()),
        "");
    rows.single(
        item,
        "harness CPU per dispatch (its 8 client threads)",
        "ms",
        Better.NEITHER,
        o.harnessCpuSeconds() / o.runs() * 1000,
        "");
    rows.single(
        item,
        "nodes' JVM CPU per dispatch",
        "ms",
        Better.LOWER,
        o.dispatchCpuSeconds() / o.runs() * 1000,
        "");
    rows.single(
        item,
        "machine busy during the dispatch (of all cores)",
        "%",
        Better.NEITHER,
        100
            * o.dispatchBusySeconds()
            / (o.dispatchSeconds() * Runtime.getRuntime().availableProcessors()),
        "");
    int perNode = o.runs() / Math.max(1, o.memoryFull().size());
    o.dispatchThreadSeconds()
        .forEach(
            (group, seconds) -> {
              if (seconds / perNode * 1000 >= 0.05) {
                rows.single(
                    item + ", first node's JVM CPU per dispatch, threads",
                    group,
                    "ms",
                    Better.LOWER,
                    seconds / perNode * 1000,
                    "");
              }
            });
    rows.single(item, "dispatch max", "ms", Better.LOWER, sorted[sorted.length - 1] / 1e6, "");
    rows.single(
        item,
        "dispatch p99, last tenth (deepest queue)",
        "ms",
        Better.LOWER,
        Stats.nearestRank(last, 0.99) / 1e6,
        "< 20");
    rows.add(item, "one page of QUEUED runs (full queue)", "ms", Better.LOWER, o.pageMs(), "");
    rows.single(item, "runs listed as QUEUED", "runs", Better.NEITHER, o.listedQueued(), "");
    rows.single(item, "paging through every QUEUED run", "s", Better.LOWER, o.pagingSeconds(), "");
    o.memoryFull()
        .forEach(
            (node, m) -> {
              rows.single(
                  item + ", " + node,
                  "heap used after full GC, queue full",
                  "MiB",
                  Better.LOWER,
                  m.heapUsedAfterGcKib() / 1024.0,
                  "");
              rows.single(
                  item + ", " + node,
                  "RSS, queue full",
                  "MiB",
                  Better.LOWER,
                  m.rssKib() / 1024.0,
                  "");
            });
    o.memoryDrained()
        .forEach(
            (node, m) -> {
              rows.single(
                  item + ", " + node,
                  "heap used after full GC, drained",
                  "MiB",
                  Better.LOWER,
                  m.heapUsedAfterGcKib() / 1024.0,
                  "");
              rows.single(
                  item + ", " + node, "RSS, drained", "MiB", Better.LOWER, m.rssKib() / 1024.0, "");
            });
    o.peakRssKib()
        .forEach(
            (node, kib) ->
                rows.single(
                    item + ", " + node,
                    "peak RSS (sampled every 200 ms)",
                    "MiB",
                    Better.LOWER,
                    kib / 1024.0,
                    ""));
    rows.single(
        item,
        "runs queued at the gate (untimed first + timed)",
        "runs",
        Better.NEITHER,
        o.gatedRuns(),
        "");
    if (o.order() != null) {
      rows.single(
          item,
          "drain rate (gate open → last final callback)",
          "runs/s",
          Better.HIGHER,
          o.gatedRuns() / o.drainSeconds(),
          "");
      rows.single(item, "runs not COMPLETE", "runs", Better.LOWER, o.notComplete(), "0");
      rows.single(
          item, "runs without a final callback", "runs", Better.LOWER, o.missingFinals(), "0");
      rows.single(
          item, "duplicate final callbacks", "callbacks", Better.LOWER, o.duplicateFinals(), "0");
      rows.single(
          item,
          "start order: largest shift from dispatch order",
          "positions",
          Better.LOWER,
          o.order().maxDisplacement(),
          "");
      rows.single(
          item,
          "start order: runs shifted by more than the slots (" + o.slotsTotal() + ")",
          "runs",
          Better.LOWER,
          o.order().beyondSlots(),
          "0");
    }

    md.append("### ")
        .append(item)
        .append("\n\n`")
        .append(o.command())
        .append("` with\n\n```properties\n");
    o.config()
        .forEach((k, v) -> md.append(k).append('=').append(ServiceSetup.relative(v)).append('\n'));
    md.append("```\n\n");
    String drained =
        o.order() == null
            ? " Not drained: this variant compares dispatch and memory only."
            : String.format(
                Locale.ROOT,
                " Drained at %.1f runs/s; %d not COMPLETE, %d without and %d duplicate final"
                    + " callbacks; largest start-order shift %d positions (%d slots).%s",
                o.gatedRuns() / o.drainSeconds(),
                o.notComplete(),
                o.missingFinals(),
                o.duplicateFinals(),
                o.order().maxDisplacement(),
                o.slotsTotal(),
                o.killed() == null
                    ? ""
                    : " Node "
                        + o.killed()
                        + " was killed with SIGKILL when a third of the runs had ended, with "
                        + o.killedRunning()
                        + " runs running there.");
    md.append(
        String.format(
            Locale.ROOT,
            "**Headline:** %d runs dispatched at %.0f requests/s (GET /health by the same clients:"
                + " %.0f requests/s), p99 %.1f ms (last tenth %.1f ms); %d QUEUED runs paged"
                + " through in %.2f s; heap after GC with the queue full: %s.%s\n\n",
            o.runs(),
            rate,
            floor.length / o.floorSeconds(),
            p99,
            Stats.nearestRank(last, 0.99) / 1e6,
            o.listedQueued(),
            o.pagingSeconds(),
            heaps(o.memoryFull()),
            drained));
  }

  private static String heaps(Map<String, Memory> m) {
    List<String> parts = new ArrayList<>();
    m.forEach(
        (node, mem) ->
            parts.add(
                String.format(
                    Locale.ROOT,
                    "%s %.1f MiB (RSS %.0f MiB)",
                    node,
                    mem.heapUsedAfterGcKib() / 1024.0,
                    mem.rssKib() / 1024.0)));
    return String.join(", ", parts);
  }
}
