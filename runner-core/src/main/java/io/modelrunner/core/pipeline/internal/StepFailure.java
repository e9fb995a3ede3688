package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.pipeline.FailureReason;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/** A step ended the job with a known reason. */
@API(status = INTERNAL, since = "0.1.0")
public final class StepFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient FailureReason reason;

  public StepFailure(FailureReason reason) {
    super(reason.summary(), null, false, false);
    this.reason = Objects.requireNonNull(reason);
  }

  public StepFailure(FailureReason.Kind kind, String message) {
    this(FailureReason.of(kind, message));
  }

  public static StepFailure withErrors(
      FailureReason.Kind kind, String message, List<String> errors) {
    return new StepFailure(new FailureReason(kind, message, null, List.of(), errors));
  }

  public FailureReason reason() {
    return reason;
  }
}
