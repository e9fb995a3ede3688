package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a real {@code serve} process ({@code engine=process}) while a model with a grandchild
 * runs: the model's process group outlives the service; the restarted service kills the whole group
 * of the run it resumes — failing the run with a platform error (a process model cannot be
 * reattached), or, when the database had not recorded that the model started, before running it
 * again — and kills a recorded group of a run it does not know (an orphan).
 */
class ProcessCrashRecoveryIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;
  private CallbackSink sink;
  private final List<Long> groups = new ArrayList<>();
  private Process stranger;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/setsid"))
            || Files.isExecutable(Path.of("/bin/setsid")),
        "needs setsid (util-linux)");
    sink = new CallbackSink();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (sink != null) {
      sink.close();
    }
    if (stranger != null) {
      stranger.destroyForcibly();
    }
    // and whatever a failed assertion left: the groups still recorded
    Path records = dir.resolve("work/.model-runner/processes");
    if (Files.isDirectory(records)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(records, "*.json")) {
        for (Path file : files) {
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("\"processGroup\":(\\d+)")
                  .matcher(Files.readString(file));
          if (m.find()) {
            groups.add(Long.parseLong(m.group(1)));
          }
        }
      }
    }
    for (long group : groups) {
      if (!running(group).isEmpty()) {
        new ProcessBuilder("/bin/sh", "-c", "kill -s KILL -- -" + group).start().waitFor();
      }
    }
  }

  @Test
  void aRestartedServiceKillsTheProcessGroupsAKilledOneLeftAndFailsTheRun() throws Exception {
    Path work = dir.resolve("work");
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {\"sleeper\": {\"command\": [\"sh\", \"-c\","
                + " \"sleep 300 & sleep 300\"]}}}");
    Path config =
        Files.writeString(
            dir.resolve("service.properties"),
            String.join(
                "\n",
                "data.dir=" + dir.resolve("data"),
                "work.dir=" + work,
                "engine=process",
                "models.catalog=" + catalog,
                "node.id=process-crash-it",
                "auth.api-token=process-crash-token",
                "callbacks.allowed-hosts=127.0.0.1:*",
                "watchdog.interval=PT0.2S",
                ""));
    int port = CrashRecoveryIT.freePort();
    String run;
    long group;
    try (ServeProcess first = ServeProcess.start(config, port, Map.of())) {
      Api api = new Api(first.baseUri(), "process-crash-token");
      Api.Answer dispatched =
          api.post("/api/runs", Api.request("process-crash", sink.url(), "sleeper", "ignored"));
      assertThat(dispatched.status()).as(dispatched.text()).isEqualTo(202);
      run = dispatched.json().path("runs").get(0).path("runId").asText();
      JsonNode executing =
          api.awaitRun(run, r -> !r.path("executionId").isNull(), Duration.ofSeconds(60));
      group = Long.parseLong(executing.path("executionId").asText());
      groups.add(group);
      await(() -> running(group).size() >= 2, "the model and its grandchild run");

      first.kill();
    }
    assertThat(running(group)).as("the model outlives the killed service").hasSizeGreaterThan(1);

    // While the service is down: a recorded group of a run the database does not know.
    stranger = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & sleep 300").start();
    long orphan = stranger.pid();
    groups.add(orphan);
    await(() -> running(orphan).size() >= 2, "the orphan group runs");
    Path records = Files.createDirectories(work.resolve(".model-runner/processes"));
    Files.writeString(
        records.resolve("mr-orphan-run.json"),
        "{\"runId\":\"mr-orphan-run\",\"pid\":"
            + orphan
            + ",\"processGroup\":"
            + orphan
            + ",\"startTicks\":"
            + startTicks(orphan)
            + ",\"bootId\":\""
            + Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip()
            + "\",\"runnerPid\":0,\"runnerStartTicks\":0}");

    try (ServeProcess second = ServeProcess.start(config, port, Map.of())) {
      Api api = new Api(second.baseUri(), "process-crash-token");
      await(() -> running(group).isEmpty(), "the group the killed service left is killed");
      await(() -> running(orphan).isEmpty(), "the orphan group is killed");
      JsonNode resumed =
          api.awaitRun(
              run,
              r -> Api.ended(r) || !r.path("executionId").asText().equals(Long.toString(group)),
              PATIENCE);

      if (resumed.path("state").asText().equals("FAILED")) {
        // the database had recorded that the model started: resumed in execute, not reattached
        assertThat(resumed.path("reason").path("kind").asText()).isEqualTo("platform-error");
        assertThat(resumed.path("reason").path("message").asText())
            .contains("cannot be resumed", "cannot be reattached");
        assertThat(second.output())
            .contains("a process model cannot be reattached", "(process group " + group)
            .containsIgnoringCase("killing the whole group");
      } else {
        // the database had not recorded that the model started (H2 before WRITE_DELAY=0 lost the
        // last commits on kill -9): the run starts again from scratch, once the earlier execution
        // is killed (by reapOrphans, or by the engine before it starts the run again)
        assertThat(second.output())
            .as("%s%nservice log:%n%s", resumed, second.output())
            .contains("(process group " + group)
            .containsPattern(
                "still runs, but the runner that started it stopped|an earlier execution");
        assertThat(api.post("/api/runs/" + run + "/cancel", "").status()).isEqualTo(202);
        assertThat(api.awaitRun(run, Api::ended, PATIENCE).path("state").asText())
            .isEqualTo("FAILED");
      }
      assertThat(second.output()).contains("mr-orphan-run");
    }
    assertThat(sink.await(CallbackSink.finalOf("sleeper"), 1, Duration.ofSeconds(10)))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("failed"));
  }

  /** The running (not zombie) processes of process group {@code group}, from {@code /proc}. */
  private static List<Long> running(long group) throws IOException {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : entries) {
        String[] fields = statFields(entry.resolve("stat"));
        if (fields != null
            && Long.parseLong(fields[2]) == group
            && !fields[0].equals("Z")
            && !fields[0].equals("X")) {
          members.add(Long.parseLong(entry.getFileName().toString()));
        }
      }
    }
    return members;
  }

  private static long startTicks(long pid) throws IOException {
    return Long.parseLong(statFields(Path.of("/proc", Long.toString(pid), "stat"))[19]);
  }

  /** The fields of a {@code stat} file after the command name: state, ppid, pgrp, … */
  private static String[] statFields(Path stat) {
    try {
      String line = Files.readString(stat, StandardCharsets.UTF_8);
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null; // gone meanwhile
    }
  }

  private static void await(BooleanSupplierWithIo condition, String what) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up waiting until " + what);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** A {@link BooleanSupplier} that may read files. */
  @FunctionalInterface
  private interface BooleanSupplierWithIo {
    boolean getAsBoolean() throws IOException;
  }
}
