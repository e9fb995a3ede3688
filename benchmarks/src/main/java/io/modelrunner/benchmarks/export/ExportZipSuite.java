package io.modelrunner.benchmarks.export;

import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Measurement;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Stats;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import io.modelrunner.benchmarks.report.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Part 4: zipping a generated model-output tree with runner-core's exporter (in a child JVM with
 * {@code -Xmx64m}; on N threads and on 1) against Info-ZIP's {@code zip -r} at the same deflate
 * level, with the exporter before issue 18 (the JDK's {@code ZipOutputStream} on one thread) and
 * {@code zip -0} (no compression: the I/O floor) beside them, in rotated rounds.
 */
public final class ExportZipSuite implements Suite {
  static final String ID = "export";
  private static final double MIB = 1024.0 * 1024.0;
  private static final long SEED = 20261105L;

  static final String ONE = "runner-core exporter, 1 thread";
  static final String BEFORE = "exporter before issue 18 (JDK ZipOutputStream)";
  static final String ZIP6 = "zip -r -6";
  static final String ZIP0 = "zip -r -0 (store, I/O floor)";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 4: export zip (runner-core's exporter vs Info-ZIP zip)";
  }

  @Override
  public List<Requirement> requirements() {
    return List.of(
        new Requirement("Info-ZIP zip", List.of("zip", "-v"), "apt-get install -y zip"),
        new Requirement(
            "GNU time (/usr/bin/time, for CPU time and peak RSS)",
            List.of("/usr/bin/time", "-f", "%M", "true"),
            "apt-get install -y time"));
  }

  /** One variant: how it is run. */
  private record Variant(String name, boolean jvm, List<String> command) {}

  /** One run of one variant. */
  private record Run(
      double wallSeconds,
      double cpuSeconds,
      double maxRssMib,
      long outputBytes,
      String sha256,
      double jvmSeconds,
      double peakHeapMib,
      double collections) {}

  /** What the last output of a variant holds: compressed bytes of the two kinds of entries. */
  private record Content(
      String verdict, long compressibleIn, long compressibleOut, long otherOut) {}

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int mib = ctx.intOption("export-mb", 64, 1024);
    int rounds = ctx.intOption("export-rounds", 2, 3);
    int threads = ctx.intOption("export-threads", 2, Runtime.getRuntime().availableProcessors());
    Path dir = Files.createDirectories(ctx.workDir().resolve("export"));
    TreeGenerator.Tree tree = tree(dir, mib, ctx);
    warmPageCache(tree.root());
    Path outDir = Files.createDirectories(dir.resolve("out"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));

    String ours = "runner-core exporter, " + threads + " threads";
    List<Variant> variants =
        List.of(
            jvmVariant(ctx, ours, "runner-core", tree, outDir, tmp, threads),
            new Variant(
                ZIP6, false, List.of("zip", "-q", "-r", "-X", "-6", zipOut(outDir, ZIP6), ".")),
            jvmVariant(ctx, ONE, "runner-core", tree, outDir, tmp, 1),
            jvmVariant(ctx, BEFORE, "before", tree, outDir, tmp, 1),
            new Variant(
                ZIP0, false, List.of("zip", "-q", "-r", "-X", "-0", zipOut(outDir, ZIP0), ".")));

    Map<String, List<Run>> runs = new LinkedHashMap<>();
    variants.forEach(v -> runs.put(v.name(), new ArrayList<>()));
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < variants.size(); k++) {
        Variant v = variants.get((k + r) % variants.size());
        Run run = runOnce(v, tree, outDir, v.jvm());
        runs.get(v.name()).add(run);
        ctx.log()
            .printf(
                Locale.ROOT,
                "export: round %d %s: %.1f MiB/s, %.1f MiB out, RSS %.0f MiB%s%n",
                r + 1,
                v.name(),
                tree.bytes() / MIB / run.wallSeconds(),
                run.outputBytes() / MIB,
                run.maxRssMib(),
                v.jvm()
                    ? String.format(Locale.ROOT, ", peak heap %.1f MiB", run.peakHeapMib())
                    : "");
      }
    }
    // Integrity, order and content of the last output of each variant, then clean up.
    Map<String, Content> contents = new LinkedHashMap<>();
    for (Variant v : variants) {
      Path out = Path.of(zipOut(outDir, v.name()));
      contents.put(v.name(), check(out, tree, v.jvm()));
      if (!v.name().equals(ours) && !v.name().equals(ONE)) {
        Files.deleteIfExists(out);
      }
    }
    boolean sameAcrossThreads =
        sha256(Path.of(zipOut(outDir, ours))).equals(sha256(Path.of(zipOut(outDir, ONE))));
    Files.deleteIfExists(Path.of(zipOut(outDir, ours)));
    Files.deleteIfExists(Path.of(zipOut(outDir, ONE)));
    try (Stream<Path> left = Files.list(outDir)) {
      List<Path> staging =
          left.filter(f -> f.getFileName().toString().startsWith(".export-")).toList();
      if (!staging.isEmpty()) {
        throw new IOException("the exporter left staging files: " + staging);
      }
    }

    List<Measurement> rows = new ArrayList<>();
    double inMib = tree.bytes() / MIB;
    for (Variant v : variants) {
      List<Run> rs = runs.get(v.name());
      rows.add(
          Measurement.of(
              ID,
              v.name(),
              "throughput",
              "MiB/s",
              Better.HIGHER,
              Stats.summarize(rs.stream().map(x -> inMib / x.wallSeconds()).toList()),
              ""));
      rows.add(
          Measurement.of(
              ID,
              v.name(),
              "CPU (user+sys) per GiB in",
              "s",
              Better.LOWER,
              Stats.summarize(rs.stream().map(x -> x.cpuSeconds() / (inMib / 1024)).toList()),
              ""));
      rows.add(
          Measurement.of(
              ID,
              v.name(),
              "peak RSS",
              "MiB",
              Better.LOWER,
              Stats.summarize(rs.stream().map(Run::maxRssMib).toList()),
              ""));
      rows.add(
          Measurement.of(
              ID,
              v.name(),
              "output size",
              "MiB",
              Better.NEITHER,
              Stats.summarize(rs.stream().map(x -> x.outputBytes() / MIB).toList()),
              ""));
      Content c = contents.get(v.name());
      rows.add(
          Measurement.of(
              ID,
              v.name(),
              "compressible entries, compressed",
              "MiB",
              Better.LOWER,
              Summary.single(c.compressibleOut() / MIB),
              v.name().equals(ours)
                  ? String.format(
                      Locale.ROOT, "<= %.1f (zip -6)", contents.get(ZIP6).compressibleOut() / MIB)
                  : ""));
      if (v.jvm()) {
        rows.add(
            Measurement.of(
                ID,
                v.name(),
                "throughput inside the JVM (no start-up)",
                "MiB/s",
                Better.HIGHER,
                Stats.summarize(rs.stream().map(x -> inMib / x.jvmSeconds()).toList()),
                ""));
        rows.add(
            Measurement.of(
                ID,
                v.name(),
                "peak heap used (-Xmx64m)",
                "MiB",
                Better.LOWER,
                Stats.summarize(rs.stream().map(Run::peakHeapMib).toList()),
                v.name().equals(ours) ? "< 64 MiB" : ""));
        rows.add(
            Measurement.of(
                ID,
                v.name(),
                "GC count",
                "",
                Better.NEITHER,
                Stats.summarize(rs.stream().map(Run::collections).toList()),
                ""));
        boolean same = rs.stream().map(Run::sha256).distinct().count() == 1;
        rows.add(
            Measurement.of(
                ID,
                v.name(),
                "same bytes every round (1 = yes)",
                "",
                Better.HIGHER,
                Summary.single(same ? 1 : 0),
                "1"));
      }
    }
    rows.add(
        Measurement.of(
            ID,
            ours + " / " + ONE,
            "same bytes (1 = yes)",
            "",
            Better.HIGHER,
            Summary.single(sameAcrossThreads ? 1 : 0),
            "1"));
    rows.add(ratio(runs, ours, ZIP6, inMib, ">= 1.8x"));
    rows.add(ratio(runs, ONE, ZIP6, inMib, ""));
    rows.add(ratio(runs, ours, BEFORE, inMib, ""));
    rows.add(ratio(runs, BEFORE, ZIP6, inMib, ""));
    rows.add(ratio(runs, ours, ZIP0, inMib, ""));

    return new SuiteResult(
        rows,
        notes(tree, rounds, threads, variants, runs, contents, sameAcrossThreads, ours, inMib));
  }

  private static Measurement ratio(
      Map<String, List<Run>> runs, String a, String b, double inMib, String target) {
    List<Run> ra = runs.get(a);
    List<Run> rb = runs.get(b);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
      ratios.add(rb.get(i).wallSeconds() / ra.get(i).wallSeconds());
    }
    return Measurement.of(
        ID, a + " / " + b, "throughput ratio", "x", Better.HIGHER, Stats.summarize(ratios), target);
  }

  private static Variant jvmVariant(
      SuiteContext ctx,
      String name,
      String mode,
      TreeGenerator.Tree tree,
      Path outDir,
      Path tmp,
      int threads) {
    return new Variant(
        name,
        true,
        List.of(
            ctx.javaExecutable(),
            "-Xmx64m",
            "-Djava.io.tmpdir=" + tmp,
            "-cp",
            ctx.classpath(),
            ExportChild.class.getName(),
            mode,
            tree.root().toString(),
            zipOut(outDir, name),
            Integer.toString(threads)));
  }

  private static String zipOut(Path outDir, String variant) {
    return outDir.resolve(variant.replaceAll("[^A-Za-z0-9]+", "-") + ".zip").toString();
  }

  /** Runs {@code v} once; hashes the output when {@code hash}. */
  private static Run runOnce(Variant v, TreeGenerator.Tree tree, Path outDir, boolean hash)
      throws IOException, InterruptedException {
    Path out = Path.of(zipOut(outDir, v.name()));
    Files.deleteIfExists(out);
    Path timeFile = outDir.resolve("time.txt");
    Path stdout = outDir.resolve("stdout.txt");
    List<String> command = new ArrayList<>();
    command.addAll(List.of("/usr/bin/time", "-o", timeFile.toString(), "-f", "%U %S %M"));
    command.addAll(v.command());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(tree.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(stdout.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(1, TimeUnit.HOURS)) {
      p.destroyForcibly();
      throw new IOException(v.name() + " took more than an hour");
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    String printed = Files.readString(stdout, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(v.name() + " exited " + p.exitValue() + ": " + printed.strip());
    }
    String[] t = Files.readString(timeFile).strip().split("\\s+");
    double cpu = Double.parseDouble(t[0]) + Double.parseDouble(t[1]);
    double rss = Long.parseLong(t[2]) / 1024.0;
    double jvmSeconds = Double.NaN;
    double peak = Double.NaN;
    double collections = Double.NaN;
    if (v.jvm()) {
      String line =
          printed
              .lines()
              .filter(l -> l.startsWith("RESULT "))
              .findFirst()
              .orElseThrow(() -> new IOException(v.name() + " printed no RESULT line: " + printed));
      Map<String, String> kv = new LinkedHashMap<>();
      for (String part : line.substring("RESULT ".length()).split(" ")) {
        String[] p2 = part.split("=", 2);
        kv.put(p2[0], p2[1]);
      }
      jvmSeconds = Double.parseDouble(kv.get("seconds"));
      peak = Long.parseLong(kv.get("peakUsedBytes")) / MIB;
      collections = Long.parseLong(kv.get("collections"));
    }
    return new Run(
        wall, cpu, rss, Files.size(out), hash ? sha256(out) : "", jvmSeconds, peak, collections);
  }

  /**
   * Sums the compressed sizes of the compressible and other entries of {@code zip}; for a JVM
   * variant ({@code full}) also reads every entry back (the JDK checks each CRC) and checks that
   * the names are the tree's files in sorted order, with the fixed timestamp.
   */
  static Content check(Path zip, TreeGenerator.Tree tree, boolean full) throws IOException {
    List<String> expected;
    try (Stream<Path> s = Files.walk(tree.root())) {
      expected =
          s.filter(Files::isRegularFile)
              .map(f -> tree.root().relativize(f).toString().replace('\\', '/'))
              .sorted()
              .toList();
    }
    List<String> names = new ArrayList<>();
    long bytes = 0;
    long compressibleIn = 0;
    long compressibleOut = 0;
    long otherOut = 0;
    int stored = 0;
    String problem = null;
    byte[] buf = new byte[1 << 16];
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (ZipEntry e : java.util.Collections.list(z.entries())) {
        if (e.isDirectory()) {
          continue;
        }
        names.add(e.getName());
        if (TreeGenerator.compressible(e.getName())) {
          compressibleIn += e.getSize();
          compressibleOut += e.getCompressedSize();
        } else {
          otherOut += e.getCompressedSize();
        }
        if (e.getMethod() == ZipEntry.STORED) {
          stored++;
        }
        if (!full) {
          continue;
        }
        if (problem == null
            && !e.getTimeLocal()
                .equals(io.modelrunner.core.pipeline.internal.DeterministicZip.FIXED_TIME)) {
          problem = "entry " + e.getName() + " has time " + e.getTimeLocal();
        }
        try (InputStream in = z.getInputStream(e)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            bytes += n;
          }
        }
      }
    }
    String verdict;
    if (!full) {
      verdict = names.size() + " entries, " + stored + " stored";
    } else if (problem != null) {
      verdict = problem;
    } else if (!names.equals(expected)) {
      verdict = "entries differ from the tree's sorted files";
    } else if (bytes != tree.bytes()) {
      verdict = "entries hold " + bytes + " bytes, the tree " + tree.bytes();
    } else {
      verdict =
          "ok: "
              + names.size()
              + " entries ("
              + stored
              + " stored) in name order, all CRCs match, DOS-epoch timestamps";
    }
    return new Content(verdict, compressibleIn, compressibleOut, otherOut);
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The tree for {@code mib}, generated once and reused (a marker file says it is complete). */
  private static TreeGenerator.Tree tree(Path dir, int mib, SuiteContext ctx) throws IOException {
    Path root = dir.resolve("tree-" + mib + "MiB");
    Path marker = dir.resolve("tree-" + mib + "MiB.done");
    if (Files.isRegularFile(marker)) {
      String[] f = Files.readString(marker).strip().split(" ");
      if (f.length == 4 && f[0].equals(Long.toString(SEED))) {
        return new TreeGenerator.Tree(
            root, Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]));
      }
    }
    Files.deleteIfExists(marker);
    deleteTree(root);
    ctx.log().printf(Locale.ROOT, "export: generating a %d MiB tree in %s%n", mib, root);
    TreeGenerator.Tree tree = TreeGenerator.generate(root, mib * 1024L * 1024L, SEED);
    Files.writeString(
        marker,
        SEED + " " + tree.bytes() + " " + tree.files() + " " + tree.compressibleBytes() + "\n");
    return tree;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Reads every file once, so that every variant reads the tree from the page cache. */
  private static void warmPageCache(Path root) throws IOException {
    byte[] buf = new byte[1 << 20];
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          while (in.read(buf) > 0) {
            // discard
          }
        }
      }
    }
  }

  private static String notes(
      TreeGenerator.Tree tree,
      int rounds,
      int threads,
      List<Variant> variants,
      Map<String, List<Run>> runs,
      Map<String, Content> contents,
      boolean sameAcrossThreads,
      String ours,
      double inMib) {
    StringBuilder md = new StringBuilder();
    md.append(
            String.format(
                Locale.ROOT,
                "Input: a generated tree of %.0f MiB in %d files, %.0f%% compressible (CSV"
                    + " series, logs, small JSON files) and the rest random bytes (\"checkpoints\","
                    + " \"charts\"), a few large files and many small ones; read once before the"
                    + " rounds, so every variant reads it from the page cache. Output to the same"
                    + " disk. %d rounds; each round runs every variant once, the order rotated by"
                    + " one per round. Throughput = input MiB / wall time of the whole process"
                    + " (for the JVM variants including JVM start-up, ~0.3 s).\n\n",
                inMib,
                tree.files(),
                100.0 * tree.compressibleBytes() / tree.bytes(),
                rounds))
        .append(
            "Commands (run in the tree's folder, each under `/usr/bin/time -f '%U %S %M'`):\n\n");
    for (Variant v : variants) {
      md.append("- ")
          .append(v.name())
          .append(": `")
          .append(io.modelrunner.benchmarks.report.Commands.shown(v.command()))
          .append("`\n");
    }
    md.append(
            "\nThe JVM variants call runner-core's internal `io.modelrunner.core.pipeline.internal`")
        .append(" package (`TreeScan` + `DeterministicZip` on a `DeflatePool`, staging beside the")
        .append(" zip, as `ExportStep` does) — a benchmark may; other modules must not. All use")
        .append(" deflate level 6, as `zip -6`; runner-core's exporter stores an entry whose first")
        .append(" 64 KiB do not deflate below 98 %. The exporter before issue 18 is")
        .append(" `SequentialJdkZip` in this module.\n\nSame bytes on ")
        .append(threads)
        .append(" threads and on 1: ")
        .append(sameAcrossThreads ? "yes" : "**no**")
        .append(". Read-back check of the last output: ");
    contents.forEach((k, c) -> md.append(k).append(" — ").append(c.verdict()).append("; "));
    md.setLength(md.length() - 2);
    md.append(".\n\n");
    Summary zip = throughput(runs.get(ZIP6), inMib);
    md.append(
        "| | MiB/s (median) | vs zip -6 | CPU s per GiB | output MiB | compressible part, MiB |"
            + " peak heap |\n"
            + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (Variant v : variants) {
      List<Run> rs = runs.get(v.name());
      Summary t = throughput(rs, inMib);
      md.append("| ")
          .append(v.name())
          .append(" | ")
          .append(ReportWriter.format(t.median()))
          .append(" | ")
          .append(ReportWriter.format(t.median() / zip.median()))
          .append("× | ")
          .append(
              ReportWriter.format(
                  Stats.summarize(rs.stream().map(x -> x.cpuSeconds() / (inMib / 1024)).toList())
                      .median()))
          .append(" | ")
          .append(
              ReportWriter.format(
                  Stats.summarize(rs.stream().map(x -> x.outputBytes() / MIB).toList()).median()))
          .append(" | ")
          .append(ReportWriter.format(contents.get(v.name()).compressibleOut() / MIB))
          .append(" | ")
          .append(
              v.jvm()
                  ? ReportWriter.format(
                          Stats.summarize(rs.stream().map(Run::peakHeapMib).toList()).median())
                      + " MiB"
                  : "—")
          .append(" |\n");
    }
    return md.toString();
  }

  private static Summary throughput(List<Run> rs, double inMib) {
    return Stats.summarize(rs.stream().map(x -> inMib / x.wallSeconds()).toList());
  }
}
