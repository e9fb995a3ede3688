package io.modelrunner.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/** How long one stage of a job took. */
public record StageTiming(Stage stage, Duration elapsed) {
  public StageTiming {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
