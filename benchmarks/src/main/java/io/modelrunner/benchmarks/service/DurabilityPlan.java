package io.modelrunner.benchmarks.service;

import io.modelrunner.benchmarks.report.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pure parts of the {@code durability} suite ({@link DurabilitySuite}): which service versions
 * and databases it compares, the order it measures them in, the configuration each version is given
 * (only keys that version knows), and the statistics of one measurement. Nothing here starts a
 * process or reads a clock.
 */
final class DurabilityPlan {
  private DurabilityPlan() {}

  /** The option naming the runner jar of the "before" commit. */
  static final String BASELINE_OPTION = "baseline-jar";

  /** A service version with its database: what one column of the comparison measures. */
  enum Variant {
    /** The jar of the baseline commit (04dd0d1) with its default: embedded H2, delayed writes. */
    BEFORE("before", "before (04dd0d1, embedded H2)", true, false),
    /** The current jar on an explicit H2 file: WRITE_DELAY=0, CHECKPOINT SYNC at durable points. */
    AFTER_H2("after-h2", "after, H2 (database.url=jdbc:h2:file:…)", false, false),
    /** The current jar with its default: embedded SQLite, WAL, synchronous=FULL. */
    AFTER("after", "after (embedded SQLite, the default)", false, false),
    /** The current jar on a fresh PostgreSQL database. */
    AFTER_PG("after-pg", "after, PostgreSQL", false, true),
    /**
     * The baseline's jar on a fresh PostgreSQL database (not measured by default): its database
     * counters give the transactions and rows per run before, beside {@link #AFTER_PG}'s.
     */
    BEFORE_PG("before-pg", "before (04dd0d1), PostgreSQL", true, true);

    final String id;
    final String label;
    final boolean baseline;
    final boolean postgres;

    Variant(String id, String label, boolean baseline, boolean postgres) {
      this.id = id;
      this.label = label;
      this.baseline = baseline;
      this.postgres = postgres;
    }

    static Variant of(String id) {
      for (Variant v : values()) {
        if (v.id.equals(id)) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          "--durability-variants: unknown variant '"
              + id
              + "'; known: "
              + Arrays.stream(values()).map(v -> v.id).collect(Collectors.joining(", ")));
    }
  }

  /** The variants measured when {@code --durability-variants} is not given. */
  static final String DEFAULT_VARIANTS = "before,after-h2,after,after-pg";

  /**
   * The variants named in {@code csv} (comma-separated ids), in that order.
   *
   * @throws IllegalArgumentException for an unknown, repeated or missing id
   */
  static List<Variant> variants(String csv) {
    Set<Variant> out = new LinkedHashSet<>();
    for (String part : (csv == null ? "" : csv).split(",")) {
      String id = part.strip();
      if (id.isEmpty()) {
        continue;
      }
      if (!out.add(Variant.of(id))) {
        throw new IllegalArgumentException("--durability-variants: '" + id + "' given twice");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "--durability-variants: no variant given (e.g. " + DEFAULT_VARIANTS + ")");
    }
    return List.copyOf(out);
  }

  /**
   * The runner jar of the baseline commit from {@code --baseline-jar}, when a variant needs it.
   *
   * @return the jar, or null when no variant needs one
   * @throws IllegalArgumentException with what to do, when it is needed and not given or not there
   */
  static Path baselineJar(Map<String, String> options, List<Variant> variants) {
    if (variants.stream().noneMatch(v -> v.baseline)) {
      return null;
    }
    String given = options.get(BASELINE_OPTION);
    if (given == null || given.isBlank()) {
      throw new IllegalArgumentException(
          "the durability suite compares with the service of an earlier commit and needs its"
              + " jar: run benchmarks/run.sh --suites durability --baseline-ref 04dd0d1 (which"
              + " builds it), or give --baseline-jar PATH (benchmarks/baseline-jar.sh 04dd0d1"
              + " prints the path), or leave 'before' out with --durability-variants");
    }
    Path jar = Path.of(given).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "--baseline-jar "
              + given
              + ": no such file (build it with benchmarks/baseline-jar.sh 04dd0d1, or run"
              + " benchmarks/run.sh with --baseline-ref 04dd0d1)");
    }
    return jar;
  }

  /** One measurement of the schedule: a round and a variant. */
  record Slot(int round, Variant variant) {}

  /**
   * The order of the measurements: every variant once per round, in the given order, round after
   * round (ABCABC…), so that drift on the machine falls on every variant alike.
   */
  static List<Slot> schedule(int rounds, List<Variant> variants) {
    if (rounds < 1) {
      throw new IllegalArgumentException("--durability-rounds must be at least 1, got " + rounds);
    }
    List<Slot> out = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (Variant v : variants) {
        out.add(new Slot(r, v));
      }
    }
    return out;
  }

  /**
   * The configuration of a node of {@code variant}, with only keys that its version knows (the
   * baseline refuses unknown keys, and its allowed callback hosts are bare hosts, while the current
   * version needs {@code host:*} for any port). {@code databaseUrl} is the PostgreSQL URL of the
   * variants on PostgreSQL (ignored otherwise).
   */
  static Map<String, String> config(
      Variant variant,
      Path dir,
      Path catalog,
      int slots,
      int queueLimit,
      String databaseUrl,
      String databaseUser,
      String databasePassword) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("data.dir", dir.resolve("data").toString());
    c.put("engine", "process");
    c.put("models.catalog", catalog.toString());
    c.put("images.allowed-prefixes", "local/");
    c.put("callbacks.allowed-hosts", variant.baseline ? "127.0.0.1" : "127.0.0.1:*");
    c.put("auth.api-token", ServeNode.TOKEN);
    c.put("shutdown.grace", "PT5S");
    c.put("runs.max-concurrent", Integer.toString(slots));
    c.put("runs.queue-limit", Integer.toString(queueLimit));
    switch (variant) {
      case AFTER_H2 -> {
        c.put("database.url", h2Url(dir.resolve("h2").resolve("model-runner")));
        c.put("database.user", "sa");
      }
      case AFTER_PG, BEFORE_PG -> {
        c.put("database.url", databaseUrl);
        c.put("database.user", databaseUser);
        c.put("database.password", databasePassword);
      }
      default -> {
        // the version's embedded default
      }
    }
    return c;
  }

  /** The URL of an H2 file as the baseline's embedded default spells it (but set explicitly). */
  static String h2Url(Path file) {
    return "jdbc:h2:file:"
        + file.toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE";
  }

  /**
   * The files of a node's embedded database in its data dir, whatever the engine: SQLite's {@code
   * model-runner.db} with its {@code -wal} and {@code -shm}, H2's {@code *.mv.db} (and the {@code
   * *.trace.db} it writes on errors), here or in an {@code h2/} folder beside.
   */
  static boolean isDatabaseFile(String name) {
    return name.startsWith("model-runner.db")
        || name.endsWith(".mv.db")
        || name.endsWith(".trace.db");
  }

  /** The p50 and p99 (nearest rank: a latency some call had) of {@code nanos}, in ms. */
  record Percentiles(double p50Ms, double p99Ms) {}

  static Percentiles percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        Stats.nearestRank(sorted, 0.50) / 1e6, Stats.nearestRank(sorted, 0.99) / 1e6);
  }

  /** Runs per second over {@code nanos}; NaN for no time. */
  static double rate(int runs, long nanos) {
    return nanos <= 0 ? Double.NaN : runs / (nanos / 1e9);
  }
}
