package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/** How long one stage of a job took. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record StageTiming(Stage stage, Duration elapsed) {
  public StageTiming {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
