package io.modelrunner.benchmarks.service;

import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Commands;
import io.modelrunner.benchmarks.report.ReportWriter;
import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.report.SuiteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Part 9 (issue 18): the installed distribution's CLI, cold. The tarball the build made is unpacked
 * as an operator does; {@code bin/model-runner run REQUEST.json} runs the trivial connector of part
 * 1 (a callback to the harness's sink, the filesystem store) in a new JVM, side by side with raw
 * {@code docker run --rm} of the same connector, in rotated rounds. The variants show what each
 * part of the launcher buys: the jar with the JVM's defaults, class-data sharing alone, C1 alone,
 * both (the launcher), the archive made by {@code --create-cds-archive} instead of the first run,
 * and, with {@code --baseline-jar}, the launcher on another commit's jar.
 */
public final class DistributionCliSuite implements Suite {
  static final String ID = "cli";
  static final String RAW = "raw `docker run --rm`";
  static final String JAR = "`java -jar lib/model-runner.jar run`, default JVM";
  static final String JAR_CDS = "`java -XX:SharedArchiveFile=… -jar`: CDS only";
  static final String LAUNCHER_NO_CDS = "`bin/model-runner run`, MODEL_RUNNER_CDS=off: C1 only";
  static final String LAUNCHER = "`bin/model-runner run` (C1 + CDS archive of the first run)";
  static final String LAUNCHER_TRAINED =
      "`bin/model-runner run`, archive of `--create-cds-archive`";
  static final String LAUNCHER_BASELINE = "`bin/model-runner run`, the baseline commit's jar";
  static final String VERSION = "`bin/model-runner --version`";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Part 9: the distribution's CLI, cold (issue 18)";
  }

  @Override
  public List<Requirement> requirements() {
    List<Requirement> r = new ArrayList<>(ServiceSetup.requirements());
    r.add(
        new Requirement(
            "GNU time (/usr/bin/time, for the CLI's CPU time)",
            List.of("/usr/bin/time", "-f", "%U", "true"),
            "apt-get install -y time"));
    r.add(
        new Requirement(
            "the distribution tarball (distribution/target/model-runner-*.tar.gz)",
            List.of("sh", "-c", "ls distribution/target/model-runner-*.tar.gz"),
            "build it: ./mvnw -B -pl distribution -am package -DskipTests (benchmarks/run.sh"
                + " does), or give --distribution PATH"));
    return r;
  }

  /** One timed command: wall time, and CPU time (user + system) of the process tree. */
  record Timing(double wallMs, double cpuMs) {}

  @Override
  public SuiteResult run(SuiteContext ctx) throws Exception {
    int rounds = ctx.intOption("cli-dist-rounds", 2, 10);
    Path tarball = tarball(ctx);
    String baselineJar = ctx.options().get("baseline-jar");
    Rows rows = new Rows(ID);
    Map<String, List<Double>> wall = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    List<Double> ratioLauncher = new ArrayList<>();
    List<Double> ratioJar = new ArrayList<>();
    Map<String, List<String>> shown = new LinkedHashMap<>();
    double firstRunMs;
    double trainingMs;
    double archiveMiB;
    try (ServiceSetup s = ServiceSetup.open(ctx, ID)) {
      Runs runs = new Runs(ctx, s, s.dir.resolve("runs"));
      Path home = runs.install(tarball, "first-run", null);
      Path trained = runs.install(tarball, "trained", null);
      Path baseline = baselineJar == null ? null : runs.install(tarball, "baseline", baselineJar);

      ctx.log().printf("%s: the first run of %s makes its CDS archive%n", ID, home);
      firstRunMs = runs.time(runs.launcher(home, Map.of())).wallMs();
      Path archive = archive(home);
      archiveMiB = Files.size(archive) / 1048576.0;
      trainingMs =
          runs.time(
                  new Command(
                      List.of(
                          trained.resolve("bin/model-runner").toString(), "--create-cds-archive"),
                      runs.environment(Map.of()),
                      false))
              .wallMs();
      shown.put("the archive made explicitly", List.of("bin/model-runner --create-cds-archive"));
      if (baseline != null) {
        runs.time(runs.launcher(baseline, Map.of())); // makes the baseline's archive, untimed
      }
      Path rawWork = Files.createDirectories(s.dir.resolve("raw"));

      List<String> order = new ArrayList<>(List.of(RAW, JAR, JAR_CDS, LAUNCHER_NO_CDS, LAUNCHER));
      order.add(LAUNCHER_TRAINED);
      if (baseline != null) {
        order.add(LAUNCHER_BASELINE);
      }
      order.add(VERSION);
      Map<String, Command> commands = new HashMap<>();
      commands.put(JAR, runs.jar(home, List.of()));
      // JDK 25+: the launcher makes an AOT cache (*.aot), else a CDS archive (*.jsa)
      String archiveFlag =
          archive.getFileName().toString().endsWith(".aot")
              ? "-XX:AOTCache="
              : "-XX:SharedArchiveFile=";
      commands.put(JAR_CDS, runs.jar(home, List.of(archiveFlag + archive)));
      commands.put(LAUNCHER_NO_CDS, runs.launcher(home, Map.of("MODEL_RUNNER_CDS", "off")));
      commands.put(LAUNCHER, runs.launcher(home, Map.of()));
      commands.put(LAUNCHER_TRAINED, runs.launcher(trained, Map.of()));
      if (baseline != null) {
        commands.put(LAUNCHER_BASELINE, runs.launcher(baseline, Map.of()));
      }
      commands.put(
          VERSION,
          new Command(
              List.of(home.resolve("bin/model-runner").toString(), "--version"),
              runs.environment(Map.of()),
              false));
      // one untimed run of each, so that every variant starts from a warm page cache
      for (String variant : order) {
        if (!variant.equals(RAW)) {
          runs.time(commands.get(variant));
        }
      }
      for (int r = 0; r < rounds; r++) {
        Map<String, Double> round = new LinkedHashMap<>();
        for (int k = 0; k < order.size(); k++) {
          String variant = order.get((k + r) % order.size());
          Timing t;
          if (variant.equals(RAW)) {
            double ms = RunnerOverheadSuite.rawRun(rawWork, s, "cli-" + r).totalMs();
            t = new Timing(ms, Double.NaN);
            shown.putIfAbsent(variant, List.of(RawDocker.shown(BenchImages.OK)));
          } else {
            Command command = commands.get(variant);
            t = runs.time(command);
            shown.putIfAbsent(variant, runs.shown(command, home, trained, baseline));
          }
          round.put(variant, t.wallMs());
          wall.computeIfAbsent(variant, v -> new ArrayList<>()).add(t.wallMs());
          cpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(t.cpuMs());
        }
        ratioLauncher.add(round.get(LAUNCHER) / round.get(RAW));
        ratioJar.add(round.get(JAR) / round.get(RAW));
        ctx.log()
            .printf(
                Locale.ROOT,
                "%s: round %d: raw %.0f, jar %.0f, launcher %.0f ms (%.2fx)%n",
                ID,
                r + 1,
                round.get(RAW),
                round.get(JAR),
                round.get(LAUNCHER),
                round.get(LAUNCHER) / round.get(RAW));
      }
    }

    wall.forEach(
        (variant, values) ->
            rows.add(
                variant,
                "wall time",
                "ms",
                variant.equals(RAW) ? Better.NEITHER : Better.LOWER,
                values,
                variant.equals(LAUNCHER) ? "<= 3x raw" : ""));
    cpu.forEach((variant, values) -> rows.add(variant, "CPU time", "ms", Better.LOWER, values, ""));
    rows.add("`bin/model-runner run` / raw", "ratio", "x", Better.LOWER, ratioLauncher, "<= 3x");
    rows.add("`java -jar` default JVM / raw", "ratio", "x", Better.LOWER, ratioJar, "");
    rows.single("first `run` (makes the archive)", "wall time", "ms", Better.LOWER, firstRunMs, "");
    rows.single("`--create-cds-archive`", "wall time", "ms", Better.NEITHER, trainingMs, "");
    rows.single("CDS archive", "size", "MiB", Better.NEITHER, archiveMiB, "");
    return new SuiteResult(
        rows.all(), notes(rounds, tarball, baselineJar, wall, ratioLauncher, shown));
  }

  private static String notes(
      int rounds,
      Path tarball,
      String baselineJar,
      Map<String, List<Double>> wall,
      List<Double> ratioLauncher,
      Map<String, List<String>> shown) {
    StringBuilder md = new StringBuilder();
    md.append("The distribution `")
        .append(ServiceSetup.relative(tarball.toString()))
        .append(
            "`, unpacked with `tar -xzf` as an operator installs it (three copies: one whose CDS"
                + " archive the first `run` makes, one whose archive `bin/model-runner"
                + " --create-cds-archive` makes, and, with `--baseline-jar`, one with that jar in"
                + " `lib/`). Each `run` is a fresh one-model request for the trivial connector of"
                + " part 1, with a callback to the harness's sink, `--engine docker`, the"
                + " filesystem store; the launcher gets the harness's Java as `JAVA_HOME`. ")
        .append(rounds)
        .append(
            " rounds in rotated order after one untimed run of each; CPU time is the JVM's"
                + " (user + system, `/usr/bin/time`). Commands:\n\n");
    shown.forEach(
        (variant, command) ->
            md.append("- ")
                .append(variant)
                .append(": `")
                .append(String.join(" ", command))
                .append("`\n"));
    double raw = Rows.median(wall.getOrDefault(RAW, List.of()));
    double launcher = Rows.median(wall.getOrDefault(LAUNCHER, List.of()));
    double jar = Rows.median(wall.getOrDefault(JAR, List.of()));
    double ratio = Rows.median(ratioLauncher);
    if (!Double.isNaN(ratio)) {
      md.append(
          String.format(
              Locale.ROOT,
              "\n**Headline:** `bin/model-runner run` %s ms against raw `docker run --rm` %s ms:"
                  + " %.2f× (median of per-round ratios); goal ≤ 3× %s. The jar with the JVM's"
                  + " defaults: %s ms.%s\n",
              ReportWriter.format(launcher),
              ReportWriter.format(raw),
              ratio,
              ratio <= 3 ? "**met**" : "**not met**",
              ReportWriter.format(jar),
              baselineJar == null ? "" : " Baseline jar: `" + baselineJar + "`."));
    }
    return md.toString();
  }

  private static Path tarball(SuiteContext ctx) throws IOException {
    String given = ctx.options().get("distribution");
    if (given != null) {
      return Path.of(given).toAbsolutePath();
    }
    List<Path> found = new ArrayList<>();
    Path target = Path.of("distribution", "target");
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> files =
          Files.newDirectoryStream(target, "model-runner-*.tar.gz")) {
        files.forEach(found::add);
      }
    }
    if (found.size() != 1) {
      throw new IOException(
          "expected one distribution/target/model-runner-*.tar.gz, found "
              + found
              + ": build it (./mvnw -B -pl distribution -am package -DskipTests) or give"
              + " --distribution PATH");
    }
    return found.get(0).toAbsolutePath();
  }

  /** The one archive in {@code home}'s {@code lib/cds}. */
  private static Path archive(Path home) throws IOException {
    List<Path> archives = new ArrayList<>();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(home.resolve("lib/cds"), "*.{jsa,aot}")) {
      files.forEach(archives::add);
    }
    if (archives.size() != 1) {
      throw new IOException("expected one CDS archive in " + home + "/lib/cds, found " + archives);
    }
    return archives.get(0);
  }

  /** A command and the environment it runs with; {@code run} ones get a fresh request. */
  record Command(List<String> argv, Map<String, String> environment, boolean run) {}

  /** Installs, and runs commands against the harness's sink and catalog. */
  static final class Runs {
    private final SuiteContext ctx;
    private final ServiceSetup s;
    private final Path dir;
    private int counter;

    Runs(SuiteContext ctx, ServiceSetup s, Path dir) throws IOException {
      this.ctx = ctx;
      this.s = s;
      this.dir = Files.createDirectories(dir);
    }

    /** Unpacks {@code tarball} into {@code name}; with {@code jar}, that jar replaces lib's. */
    Path install(Path tarball, String name, String jar) throws IOException, InterruptedException {
      Path root = Files.createDirectories(s.dir.resolve("install").resolve(name));
      Process p =
          new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", root.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("tar -xzf " + tarball + " failed: " + out);
      }
      Path home;
      try (DirectoryStream<Path> homes = Files.newDirectoryStream(root, "model-runner-*")) {
        home = homes.iterator().next();
      }
      if (jar != null) {
        Files.copy(
            Path.of(jar),
            home.resolve("lib/model-runner.jar"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      return home;
    }

    Map<String, String> environment(Map<String, String> extra) {
      Map<String, String> env = new HashMap<>();
      env.put("JAVA_HOME", Path.of(ctx.javaExecutable()).getParent().getParent().toString());
      env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
      env.putAll(extra);
      return env;
    }

    Command launcher(Path home, Map<String, String> extra) {
      return new Command(
          List.of(home.resolve("bin/model-runner").toString()), environment(extra), true);
    }

    Command jar(Path home, List<String> jvmFlags) {
      List<String> argv = new ArrayList<>();
      argv.add(ctx.javaExecutable());
      argv.addAll(jvmFlags);
      argv.addAll(List.of("-jar", home.resolve("lib/model-runner.jar").toString()));
      return new Command(argv, environment(Map.of()), true);
    }

    private List<String> runArguments(Path request) {
      return List.of(
          "run",
          request.toString(),
          "--engine",
          "docker",
          "--models",
          s.catalog.toString(),
          "--store",
          dir.resolve("store").toString(),
          "--work-dir",
          dir.resolve("work").toString());
    }

    /** Runs {@code command} (with a fresh request when it is a run) under GNU time. */
    Timing time(Command command) throws IOException, InterruptedException {
      List<String> argv = new ArrayList<>();
      Path timeFile = dir.resolve("last.time");
      argv.addAll(List.of("/usr/bin/time", "-o", timeFile.toString(), "-f", "%U %S"));
      argv.addAll(command.argv());
      if (command.run()) {
        String id = "cli-" + (counter++) + "-" + System.nanoTime();
        Path request =
            Files.writeString(
                dir.resolve(id + ".json"),
                RunsApi.requestJson(id, "ok", BenchImages.OK, s.sink.url()),
                StandardCharsets.UTF_8);
        argv.addAll(runArguments(request));
      }
      Path out = dir.resolve("last.log");
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      builder.environment().remove("JAVA_OPTS");
      builder.environment().remove("MODEL_RUNNER_OPTS");
      builder.environment().remove("MODEL_RUNNER_CDS");
      builder.environment().remove("JAVA_TOOL_OPTIONS");
      builder.environment().putAll(command.environment());
      long t0 = System.nanoTime();
      Process p = builder.start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + argv);
      }
      long elapsed = System.nanoTime() - t0;
      if (p.exitValue() != 0) {
        throw new IOException(
            "exit " + p.exitValue() + " from " + argv + ": " + Files.readString(out));
      }
      String[] times = Files.readString(timeFile).strip().split("\\s+");
      double cpuMs = Double.NaN;
      if (times.length == 2) {
        cpuMs = (Double.parseDouble(times[0]) + Double.parseDouble(times[1])) * 1000;
      }
      return new Timing(Rows.ms(elapsed), cpuMs);
    }

    /** {@code command} as the report shows it: installs and scratch paths shortened. */
    List<String> shown(Command command, Path home, Path trained, Path baseline) {
      List<String> argv = new ArrayList<>();
      command
          .environment()
          .forEach(
              (k, v) -> {
                if (k.startsWith("MODEL_RUNNER_")) {
                  argv.add(k + "=" + v);
                }
              });
      argv.addAll(command.argv());
      if (command.run()) {
        argv.addAll(runArguments(Path.of("REQUEST.json")));
      }
      String text =
          Commands.shown(argv)
              .replace(home.toString() + "/", "")
              .replace(trained.toString() + "/", "")
              .replace(ctx.javaExecutable(), "java")
              .replace(s.catalog.toString(), "models.json")
              .replace(dir.toString(), "$RUNS");
      if (baseline != null) {
        text = text.replace(baseline.toString() + "/", "");
      }
      return List.of(text);
    }
  }
}
