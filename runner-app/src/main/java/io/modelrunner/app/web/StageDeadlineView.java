package io.modelrunner.app.web;

import io.modelrunner.api.ModelRef;
import io.modelrunner.app.config.Deadlines;
import io.modelrunner.app.service.StoredRun;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.pipeline.Stage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The deadline that applies to a stage of a run, for the run view's {@code
 * stages[].deadlineSeconds}: the {@code deadlines.*} setting of the stage, and for {@code execute}
 * the model's own deadline (its catalog {@code limits.deadline}, else the default), which the
 * engine enforces (the watchdog's backstop adds {@code deadlines.execute-grace} to it).
 */
final class StageDeadlineView {
  private final Deadlines deadlines;
  private final ModelsCatalog catalog;

  StageDeadlineView(Deadlines deadlines, ModelsCatalog catalog) {
    this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** The deadline of {@code stage} (its wire name) for {@code run}; empty for an unknown stage. */
  Optional<Duration> of(StoredRun run, String stage) {
    Stage known;
    try {
      known = Stage.fromWireName(stage);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (known == Stage.EXECUTE) {
      return Optional.of(
          catalog
              .resolve(new ModelRef(run.modelSlug(), run.image() == null ? "" : run.image()))
              .limits()
              .deadline());
    }
    return Optional.of(deadlines.of(known, Duration.ZERO));
  }
}
