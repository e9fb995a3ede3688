package io.modelrunner.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.config.Deadlines;
import io.modelrunner.app.service.RunState;
import io.modelrunner.app.service.StoredRun;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.ExecutionLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageDeadlineViewTest {
  @TempDir Path dir;

  private static final Deadlines DEADLINES =
      new Deadlines(
          Duration.ofMinutes(60),
          Duration.ofMinutes(15),
          Duration.ofMinutes(5),
          Duration.ofSeconds(61),
          Duration.ofMinutes(2),
          Duration.ofMinutes(10),
          Duration.ofMinutes(16),
          Duration.ofMinutes(30),
          Duration.ofMinutes(11),
          Duration.ofMinutes(6));

  private static StoredRun run(String slug, String image) {
    return new StoredRun(
        "run-1",
        1,
        "req",
        slug,
        image,
        "0".repeat(64),
        "{}",
        null,
        RunState.RUNNING,
        "execute",
        "node",
        false,
        1,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Instant.EPOCH,
        null,
        null,
        null);
  }

  @Test
  void eachStageHasItsSettingAndExecuteTheModelsOwnDeadline() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\":{\"slow\":{\"image\":\"local/slow:1\",\"limits\":{\"deadline\":\"PT90S\"}}}}");
    StageDeadlineView view = new StageDeadlineView(DEADLINES, ModelsCatalog.load(file));
    StoredRun slow = run("slow", "ignored");

    assertThat(view.of(slow, "execute")).contains(Duration.ofSeconds(90));
    assertThat(view.of(slow, "validate")).contains(Duration.ofSeconds(61));
    assertThat(view.of(slow, "workspace")).contains(Duration.ofSeconds(61));
    assertThat(view.of(slow, "prepare")).contains(Duration.ofMinutes(15));
    assertThat(view.of(slow, "start-callback")).contains(Duration.ofMinutes(5));
    assertThat(view.of(slow, "collect")).contains(Duration.ofMinutes(10));
    assertThat(view.of(slow, "export")).contains(Duration.ofMinutes(16));
    assertThat(view.of(slow, "store")).contains(Duration.ofMinutes(30));
    assertThat(view.of(slow, "final-callback")).contains(Duration.ofMinutes(11));
    assertThat(view.of(slow, "cleanup")).contains(Duration.ofMinutes(6));
    assertThat(view.of(slow, "dancing")).isEmpty();

    // a model the catalog does not know runs with the default limits
    assertThat(view.of(run("other", "local/other:1"), "execute"))
        .contains(ExecutionLimits.DEFAULT_DEADLINE);
  }
}
