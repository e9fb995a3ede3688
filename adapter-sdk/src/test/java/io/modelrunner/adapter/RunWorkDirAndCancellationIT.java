package io.modelrunner.adapter;

import static io.modelrunner.adapter.AdapterLifecycleIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a model author gets from the SDK per run: a work directory, and cancellation. */
class RunWorkDirAndCancellationIT {
  record Config(String text) {}

  /** Writes {@code text} to {@code out.txt} in its work directory and returns that path. */
  static final class WritingAdapter extends ModelAdapter<Config> {
    final CompletableFuture<Path> dirSeenInRun = new CompletableFuture<>();
    final CompletableFuture<Boolean> dirExistedInOnRemove = new CompletableFuture<>();
    volatile Path lastDir;

    WritingAdapter() {
      super(Config.class);
    }

    @Override
    public void initialize(Config config) {}

    @Override
    public Object run(RunContext<Config> context) throws Exception {
      Path dir = context.workDir();
      lastDir = dir;
      dirSeenInRun.complete(dir);
      Path out = Files.writeString(dir.resolve("out.txt"), context.config().text());
      return Map.of("path", out.toString());
    }

    @Override
    public void onRemove(String modelRunId) {
      dirExistedInOnRemove.complete(lastDir != null && Files.isDirectory(lastDir));
    }
  }

  @Test
  void theWorkDirExistsDuringTheRunAndIsDeletedWhenTheRunIsRemoved(@TempDir Path root)
      throws Exception {
    WritingAdapter adapter = new WritingAdapter();
    try (AdapterServer server =
        AdapterServer.start(
            adapter, AdapterConfig.builder().host("127.0.0.1").port(0).workRoot(root).build())) {
      RawHttp http = new RawHttp(server.rootUri());
      String id = http.get("/model/request").json().path("model_run_id").asText();
      http.post("/model/initialize/" + id, "{\"text\":\"hello\"}");
      http.get("/model/run/" + id);
      assertThat(waitFor(() -> stateOf(http, id).equals("SUCCEEDED"))).isTrue();

      Path dir = adapter.dirSeenInRun.get(5, TimeUnit.SECONDS);
      assertThat(dir.getParent()).isEqualTo(root);
      String resultPath =
          http.get("/model/results/" + id).json().path("result").path("path").asText();
      // the result points into the work directory: readable until the run is removed
      assertThat(Files.readString(Path.of(resultPath))).isEqualTo("hello");

      http.get("/model/remove/" + id);
      assertThat(adapter.dirExistedInOnRemove.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(dir).doesNotExist();
      assertThat(root).isEmptyDirectory();
    }
    assertThat(root).exists(); // a configured root is the operator's: kept at close
  }

  @Test
  void theDefaultWorkRootIsATemporaryDirectoryDeletedWhenTheServerCloses() throws Exception {
    WritingAdapter adapter = new WritingAdapter();
    Path dir;
    try (AdapterServer server =
        AdapterServer.start(adapter, AdapterConfig.builder().host("127.0.0.1").port(0).build())) {
      RawHttp http = new RawHttp(server.rootUri());
      String id = http.get("/model/request").json().path("model_run_id").asText();
      http.post("/model/initialize/" + id, "{\"text\":\"x\"}");
      http.get("/model/run/" + id);
      dir = adapter.dirSeenInRun.get(5, TimeUnit.SECONDS);
      assertThat(waitFor(() -> stateOf(http, id).equals("SUCCEEDED"))).isTrue();
      assertThat(dir).isDirectory();
    }
    assertThat(dir).doesNotExist();
    assertThat(dir.getParent()).doesNotExist();
  }

  /** Reports progress until the SDK says the run was cancelled. */
  static final class ProgressLoopAdapter extends ModelAdapter<Config> {
    final CompletableFuture<String> running = new CompletableFuture<>();
    final CompletableFuture<RunCancelledException> stoppedBy = new CompletableFuture<>();

    ProgressLoopAdapter() {
      super(Config.class);
    }

    @Override
    public void initialize(Config config) {}

    @Override
    public Object run(RunContext<Config> context) {
      running.complete(context.modelRunId());
      try {
        for (long step = 0; ; step++) {
          context.reportProgress("step " + step);
          LockSupport.parkNanos(1_000_000); // no InterruptedException: only the progress call stops
        }
      } catch (RunCancelledException e) {
        stoppedBy.complete(e);
        throw e;
      }
    }
  }

  @Test
  void aCancelledRunsProgressReportThrowsAndTheRunEndsRemoved() throws Exception {
    ProgressLoopAdapter adapter = new ProgressLoopAdapter();
    try (AdapterServer server =
        AdapterServer.start(adapter, AdapterConfig.builder().host("127.0.0.1").port(0).build())) {
      RawHttp http = new RawHttp(server.rootUri());
      String id = http.get("/model/request").json().path("model_run_id").asText();
      http.post("/model/initialize/" + id, "{}");
      http.get("/model/run/" + id);
      assertThat(adapter.running.get(5, TimeUnit.SECONDS)).isEqualTo(id);
      assertThat(
              waitFor(
                  () ->
                      statusOf(http, id)
                          .path("result")
                          .path("progress")
                          .asText()
                          .startsWith("step")))
          .isTrue();

      assertThat(http.get("/model/remove/" + id).json().path("state").asText())
          .isEqualTo("UNKNOWN");

      RunCancelledException stop = adapter.stoppedBy.get(5, TimeUnit.SECONDS);
      assertThat(stop.modelRunId()).isEqualTo(id);
      // the run is gone (the SDK's cancelled state): its id is unknown, and no worker is busy
      assertThat(http.get("/model/status/" + id).status()).isEqualTo(404);
      assertThat(waitFor(() -> usedWorkers(http) == 0)).isTrue();
    }
  }

  private static int usedWorkers(RawHttp http) {
    try {
      return http.get("/status").json().path("used_workers").asInt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String stateOf(RawHttp http, String id) {
    return statusOf(http, id).path("state").asText();
  }

  private static com.fasterxml.jackson.databind.JsonNode statusOf(RawHttp http, String id) {
    try {
      return http.get("/model/status/" + id).json();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
