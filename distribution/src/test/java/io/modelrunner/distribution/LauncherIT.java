package io.modelrunner.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.distribution.Installed.Launch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed {@code bin/model-runner}: which Java it accepts, and its class-data-sharing archive
 * (made once per jar, used after, never breaking a run or its {@code --json} output). Runs use the
 * bundled training model on the process engine, so no Docker engine is needed.
 */
class LauncherIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  private Path home;
  private Path work;
  private final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void install() throws Exception {
    home = Installed.unpack(Files.createDirectories(root.resolve("install")));
    work = Files.createDirectories(root.resolve("work"));
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("XDG_CACHE_HOME", root.resolve("cache").toString());
    environment.put("MODEL_RUNNER_CDS", null);
    environment.put("JAVA_OPTS", null);
    environment.put("MODEL_RUNNER_OPTS", null);
    environment.put("JAVA_TOOL_OPTIONS", null);
  }

  @Test
  void refusesAJavaOlderThan17AndSaysWhichItFound() throws Exception {
    Path oldJava = Files.createDirectories(root.resolve("jdk-11/bin"));
    Files.writeString(oldJava.getParent().resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
    Path java = Files.writeString(oldJava.resolve("java"), "#!/bin/sh\nexit 0\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    environment.put("JAVA_HOME", oldJava.getParent().toString());

    Launch launch = launch("--version");

    assertThat(launch.exitCode()).isEqualTo(1);
    assertThat(launch.stderr()).contains("is Java 11.0.2").contains("needs Java 17 or newer");
  }

  @Test
  void saysSoWhenJavaHomeHasNoJava() throws Exception {
    environment.put("JAVA_HOME", root.resolve("no-such-jdk").toString());

    Launch launch = launch("--version");

    assertThat(launch.exitCode()).isEqualTo(1);
    assertThat(launch.stderr()).contains("JAVA_HOME is").contains("is not an executable");
  }

  @Test
  void createCdsArchiveMakesTheArchiveThatLaterCommandsLoadClassesFrom() throws Exception {
    Launch made = launch("--create-cds-archive");

    assertThat(made.exitCode()).as(made.stderr()).isZero();
    assertThat(archives(home.resolve("lib/cds"))).hasSize(1);
    Path classes = work.resolve("classes.txt");
    environment.put("MODEL_RUNNER_OPTS", "-Xlog:class+load=info:file=" + classes);
    Launch version = launch("--version");
    assertThat(version.exitCode()).as(version.stderr()).isZero();
    assertThat(version.stdout()).contains(Installed.version());
    assertThat(Files.readAllLines(classes))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("io.modelrunner.app.cli.Main ")
                    .contains("shared objects file (top)"));
  }

  @Test
  void theFirstRunMakesTheArchiveAndARebuiltJarGetsANewOne() throws Exception {
    Launch first = run();
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    List<Path> made = archives(home.resolve("lib/cds"));
    assertThat(made).hasSize(1);

    Path jar = home.resolve("lib/model-runner.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
    Launch afterRebuild = run();

    assertThat(afterRebuild.exitCode()).as(afterRebuild.stderr()).isZero();
    assertThat(archives(home.resolve("lib/cds"))).hasSize(2).containsAll(made);
  }

  @Test
  void anArchiveThatNoLongerFitsTheJarWarnsOnStderrAndJsonOutputStaysClean() throws Exception {
    assertThat(launch("--create-cds-archive").exitCode()).isZero();
    Path archive = archives(home.resolve("lib/cds")).get(0);
    Path jar = home.resolve("lib/model-runner.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(7200)));
    // the JVM checks the jar's time itself: an archive under the new jar's name is stale
    String staleName =
        archive
            .getFileName()
            .toString()
            .replaceFirst(
                "-[0-9]+-java",
                "-" + Files.getLastModifiedTime(jar).toInstant().getEpochSecond() + "-java");
    Files.copy(archive, archive.resolveSibling(staleName));

    Launch launch = run();

    assertThat(launch.exitCode()).as(launch.stderr()).isZero();
    assertThat(launch.stderr()).contains("[warning]").contains(staleName);
    assertThat(launch.stdout().lines().toList())
        .singleElement()
        .satisfies(line -> assertThat(json(line).path("status").asText()).isEqualTo("complete"));
  }

  @Test
  void withoutAWritableLibCdsTheArchiveGoesToTheUsersCacheAndWithNeitherRunsWithout()
      throws Exception {
    Files.writeString(home.resolve("lib/cds"), "not a folder");

    Launch cached = run();

    assertThat(cached.exitCode()).as(cached.stderr()).isZero();
    assertThat(archives(root.resolve("cache/model-runner/cds"))).hasSize(1);

    Files.writeString(root.resolve("no-cache"), "not a folder");
    environment.put("XDG_CACHE_HOME", root.resolve("no-cache").toString());
    Launch without = run();
    assertThat(without.exitCode()).as(without.stderr()).isZero();
    assertThat(json(without.stdout().strip()).path("status").asText()).isEqualTo("complete");
  }

  @Test
  void onJava19OrNewerTheJvmMakesTheArchiveItselfAndTheNextRunUsesIt() throws Exception {
    Path jdk = newerJdk(19);
    Assumptions.assumeTrue(jdk != null, "no Java 19 or newer under /usr/lib/jvm");
    environment.put("JAVA_HOME", jdk.toString());

    Launch first = run();

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    List<Path> made = archives(home.resolve("lib/cds"));
    assertThat(made)
        .singleElement()
        .satisfies(a -> assertThat(a.toString()).doesNotContain("java17"));
    Path classes = work.resolve("classes-newer.txt");
    environment.put("MODEL_RUNNER_OPTS", "-Xlog:class+load=info:file=" + classes);
    Launch second = run();
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(Files.readAllLines(classes))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("io.modelrunner.app.cli.RunCommand ")
                    .contains("shared objects file"));
  }

  @Test
  void onJava25OrNewerTheFirstRunMakesAnAotCacheAndJsonOutputStaysClean() throws Exception {
    Path jdk = newerJdk(25);
    Assumptions.assumeTrue(jdk != null, "no Java 25 or newer under /usr/lib/jvm");
    environment.put("JAVA_HOME", jdk.toString());

    Launch first = run();

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stdout().lines().toList())
        .singleElement()
        .satisfies(line -> assertThat(json(line).path("status").asText()).isEqualTo("complete"));
    assertThat(archives(home.resolve("lib/cds")))
        .singleElement()
        .satisfies(a -> assertThat(a.getFileName().toString()).endsWith(".aot"));
    try (Stream<Path> files = Files.list(home.resolve("lib/cds"))) {
      assertThat(files).as("no temporary file is left behind").hasSize(1);
    }
    Path classes = work.resolve("classes-aot.txt");
    environment.put("MODEL_RUNNER_OPTS", "-Xlog:class+load=info:file=" + classes);
    Launch second = run();
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stderr()).doesNotContain("[warning]");
    assertThat(Files.readAllLines(classes))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("io.modelrunner.app.cli.RunCommand ")
                    .contains("shared objects file"));
  }

  /** A JDK of version {@code major} or newer under /usr/lib/jvm (Temurin 25 on these machines). */
  private static Path newerJdk(int major) throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      for (Path home : homes.sorted().toList()) {
        Path release = home.resolve("release");
        if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
          for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=\"")) {
              String version = line.substring("JAVA_VERSION=\"".length());
              if (Integer.parseInt(version.split("[.\"-]")[0]) >= major) {
                return home;
              }
            }
          }
        }
      }
    }
    return null;
  }

  @Test
  void modelRunnerCdsOffMakesNoArchive() throws Exception {
    environment.put("MODEL_RUNNER_CDS", "off");

    Launch launch = run();

    assertThat(launch.exitCode()).as(launch.stderr()).isZero();
    assertThat(home.resolve("lib/cds")).doesNotExist();
    assertThat(root.resolve("cache")).doesNotExist();
  }

  /** One run of the bundled training model on the process engine, with --json. */
  private Launch run() throws IOException, InterruptedException {
    Path training = home.resolve("lib/cds-training");
    String id = "r" + System.nanoTime();
    return launch(
        "run",
        training.resolve("request.json").toString(),
        "--engine",
        "process",
        "--models",
        training.resolve("models.json").toString(),
        "--store",
        work.resolve(id + "-store").toString(),
        "--work-dir",
        work.resolve(id + "-work").toString(),
        "--callback-attempts",
        "1",
        "--callback-timeout",
        "PT1S",
        "--json");
  }

  private Launch launch(String... arguments) throws IOException, InterruptedException {
    return Installed.launch(home, work, environment, new ArrayList<>(List.of(arguments)));
  }

  private static List<Path> archives(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(
              f ->
                  f.getFileName().toString().endsWith(".jsa")
                      || f.getFileName().toString().endsWith(".aot"))
          .sorted()
          .toList();
    }
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
