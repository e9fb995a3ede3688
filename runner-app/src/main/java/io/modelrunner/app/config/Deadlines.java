package io.modelrunner.app.config;

import io.modelrunner.core.pipeline.Stage;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a run may stay in each state before the watchdog ends it with a {@code timeout} reason.
 * The model's own deadline (catalog {@code limits.deadline}) is enforced by the engine; {@code
 * executeGrace} is what the watchdog adds to it as a backstop.
 */
public record Deadlines(
    Duration queued,
    Duration prepare,
    Duration startCallback,
    Duration workspace,
    Duration executeGrace,
    Duration collect,
    Duration export,
    Duration store,
    Duration finalCallback,
    Duration cleanup) {

  public Deadlines {
    Objects.requireNonNull(queued, "queued");
    Objects.requireNonNull(prepare, "prepare");
    Objects.requireNonNull(startCallback, "startCallback");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(executeGrace, "executeGrace");
    Objects.requireNonNull(collect, "collect");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(finalCallback, "finalCallback");
    Objects.requireNonNull(cleanup, "cleanup");
  }

  static Deadlines parse(ConfigValues v) {
    return new Deadlines(
        v.duration("deadlines.queued"),
        v.duration("deadlines.prepare"),
        v.duration("deadlines.start-callback"),
        v.duration("deadlines.workspace"),
        v.duration("deadlines.execute-grace"),
        v.duration("deadlines.collect"),
        v.duration("deadlines.export"),
        v.duration("deadlines.store"),
        v.duration("deadlines.final-callback"),
        v.duration("deadlines.cleanup"));
  }

  /** The deadline of {@code stage}; for {@code execute}, the model's deadline plus the grace. */
  public Duration of(Stage stage, Duration modelDeadline) {
    return switch (stage) {
      case VALIDATE, WORKSPACE -> workspace;
      case PREPARE -> prepare;
      case START_CALLBACK -> startCallback;
      case EXECUTE -> modelDeadline.plus(executeGrace);
      case COLLECT -> collect;
      case EXPORT -> export;
      case STORE -> store;
      case FINAL_CALLBACK -> finalCallback;
      case CLEANUP -> cleanup;
    };
  }
}
