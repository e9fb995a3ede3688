package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.testing.SlurmConnectors;
import io.modelrunner.app.testing.SlurmConnectors.Job;
import io.modelrunner.engine.slurm.SlurmCluster;
import io.modelrunner.engine.slurm.TestSlurm;
import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model-runner serve} with {@code engine=slurm}, as a real process, on the real single-node
 * cluster of {@code .ci/slurm.sh}: Slurm queues what does not fit on the node while the service
 * runs what does, and a service killed with {@code kill -9} while a job runs reattaches to that job
 * by its id when it starts again, and finishes the run exactly once. The models wait for a file the
 * test writes, so the test decides when each job ends. Skipped without the cluster or Docker; a
 * failure where they are required (CI).
 */
@RequiresServer(SlurmCluster.class)
@RequiresDocker(images = SlurmConnectors.BASE)
class SlurmServeIT {
  private static final String TOKEN = "slurm-serve-token";
  private static final Duration WAIT = Duration.ofMinutes(2);

  private static TestSlurm slurm;

  @TempDir Path dir;
  private Path work;
  private final List<String> dispatched = new ArrayList<>();

  @BeforeAll
  static void cluster() throws Exception {
    slurm = TestSlurm.require();
    SlurmConnectors.build();
  }

  @BeforeEach
  void workDirectory() throws Exception {
    work = slurm.workDirectory("slurm-serve-it");
  }

  /** Cancels what a failed test left queued or running, so that it holds no CPU of the node. */
  @AfterEach
  void cancelLeftJobs() throws Exception {
    for (String run : dispatched) {
      SlurmConnectors.cancelJobsNamed(run);
    }
  }

  @Test
  void twoRunsOfAModelTakingEveryCpuOfTheNodeQueueInSlurmAndBothFinish() throws Exception {
    long nanoCpus = SlurmConnectors.nodeCpus() * 1_000_000_000L;
    Path config =
        config(
            "{\"models\": {\"hog\": {\"image\": \""
                + SlurmConnectors.GATED
                + "\", \"limits\": {\"nanoCpus\": "
                + nanoCpus
                + "}}}}");
    try (CallbackSink sink = new CallbackSink();
        ServeProcess serve = ServeProcess.start(config, CrashRecoveryIT.freePort(), Map.of())) {
      withServiceLog(serve, () -> queueTwoRuns(serve, sink));
    }
  }

  private void queueTwoRuns(ServeProcess serve, CallbackSink sink) throws Exception {
    Api api = new Api(serve.baseUri(), TOKEN);
    String first = dispatch(api, sink, "slurm-queue-1", "hog");
    Job running = SlurmConnectors.awaitJob(first, "RUNNING", WAIT);
    String second = dispatch(api, sink, "slurm-queue-2", "hog");
    Job pending = SlurmConnectors.awaitJob(second, "PENDING", WAIT);
    assertThat(SlurmConnectors.jobsNamed(first))
        .as("the first job runs while the second waits for the node's CPUs")
        .containsExactly(running);
    assertThat(api.get("/api/runs/" + second).json().path("state").asText())
        .as("to the service, the waiting job's run is running: Slurm queues it")
        .isEqualTo("RUNNING");

    SlurmConnectors.release(work, first);
    JsonNode firstEnded = api.awaitRun(first, Api::ended, WAIT);
    assertThat(firstEnded.path("state").asText()).as(firstEnded.toString()).isEqualTo("COMPLETE");
    assertThat(SlurmConnectors.awaitJob(second, "RUNNING", WAIT).id())
        .as("the job that waited is the one that runs now")
        .isEqualTo(pending.id());
    SlurmConnectors.release(work, second);
    JsonNode secondEnded = api.awaitRun(second, Api::ended, WAIT);
    assertThat(secondEnded.path("state").asText()).as(secondEnded.toString()).isEqualTo("COMPLETE");

    for (String requestId : List.of("slurm-queue-1", "slurm-queue-2")) {
      assertThat(sink.await(r -> r.requestId().equals(requestId) && r.isFinal(), 1, WAIT))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo("complete"));
    }
  }

  @Test
  void aServiceKilledMidRunReattachesToTheJobByItsIdAndFinishesTheRunExactlyOnce()
      throws Exception {
    Path config =
        config("{\"models\": {\"gated\": {\"image\": \"" + SlurmConnectors.GATED + "\"}}}");
    int port = CrashRecoveryIT.freePort();
    try (CallbackSink sink = new CallbackSink()) {
      String run;
      Job job;
      try (ServeProcess first = ServeProcess.start(config, port, Map.of())) {
        Api api = new Api(first.baseUri(), TOKEN);
        run = dispatch(api, sink, "slurm-kill-nine", "gated");
        job = SlurmConnectors.awaitJob(run, "RUNNING", WAIT);
        api.awaitRun(run, r -> !r.path("executionId").isNull(), WAIT);

        first.kill();
      }
      assertThat(SlurmConnectors.jobsNamed(run))
          .as("the job outlives the killed service")
          .containsExactly(job);

      try (ServeProcess second = ServeProcess.start(config, port, Map.of())) {
        Api api = new Api(second.baseUri(), TOKEN);
        awaitOutput(second, "reattached to Slurm job " + job.id() + " (RUNNING)");
        SlurmConnectors.release(work, run);
        JsonNode ended = api.awaitRun(run, Api::ended, WAIT);
        String context = ended + "\nservice log:\n" + second.output();
        assertThat(ended.path("state").asText()).as(context).isEqualTo("COMPLETE");
        assertThat(ended.path("executionId").asText()).as(context).contains("" + job.id());
        assertThat(SlurmConnectors.jobsNamed(run))
            .as("the same job, reattached by its id; no second submission: %s", context)
            .singleElement()
            .satisfies(
                j -> {
                  assertThat(j.id()).isEqualTo(job.id());
                  assertThat(j.state()).isEqualTo("COMPLETED");
                });
        String log = api.get("/api/runs/" + run + "/log?tail=1000").text();
        assertThat(log)
            .as("the model's whole output, once, across the restart: %s", log)
            .containsOnlyOnce("waiting for /data/input/release")
            .containsOnlyOnce("released");
        assertThat(sink.await(r -> r.requestId().equals("slurm-kill-nine") && r.isFinal(), 1, WAIT))
            .singleElement()
            .satisfies(r -> assertThat(r.status()).isEqualTo("complete"));
        assertThat(second.output())
            .as("the Slurm token is never logged")
            .doesNotContain(Files.readString(slurm.tokenFile()).strip());
        assertThat(second.terminate(Duration.ofSeconds(60))).as("exit on SIGTERM").isIn(0, 143);
      }
      List<CallbackSink.Received> finals =
          sink.all().stream()
              .filter(r -> r.requestId().equals("slurm-kill-nine") && r.isFinal())
              .toList();
      assertThat(finals).as("one final callback, once, after the service stopped").hasSize(1);
    }
  }

  /** What a test does while a service runs. */
  private interface Steps {
    void run() throws Exception;
  }

  /** Runs {@code steps}; a failure's message gains the service's log. */
  private static void withServiceLog(ServeProcess serve, Steps steps) throws Exception {
    try {
      steps.run();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nservice log:\n" + serve.output(), e);
    }
  }

  /** Waits until the service has logged {@code line}, or fails after {@link #WAIT}. */
  private static void awaitOutput(ServeProcess serve, String line) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      if (serve.output().contains(line)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the service never logged '" + line + "' within " + WAIT + ":\n" + serve.output());
  }

  private Path config(String catalog) throws Exception {
    Path models = Files.writeString(dir.resolve("models.json"), catalog);
    return Files.writeString(
        dir.resolve("service.properties"),
        String.join(
            "\n",
            "data.dir=" + dir.resolve("data"),
            "engine=slurm",
            "slurm.url=" + slurm.url(),
            "slurm.user=" + slurm.user(),
            "slurm.token-file=" + slurm.tokenFile(),
            "slurm.shared-directory=" + slurm.sharedDirectory(),
            "slurm.poll-interval=PT0.2S",
            "work.dir=" + work,
            "models.catalog=" + models,
            "node.id=slurm-serve-it-" + ProcessHandle.current().pid(),
            "auth.api-token=" + TOKEN,
            "runs.max-concurrent=2",
            "watchdog.interval=PT0.2S",
            ""));
  }

  private String dispatch(Api api, CallbackSink sink, String requestId, String slug)
      throws Exception {
    Api.Answer a = api.post("/api/runs", Api.request(requestId, sink.url(), slug, "x"));
    assertThat(a.status()).as(a.text()).isEqualTo(202);
    String run = a.json().path("runs").get(0).path("runId").asText();
    dispatched.add(run);
    return run;
  }
}
