package io.modelrunner.app.service;

import io.modelrunner.api.schema.ValidationError;
import java.util.List;

/** A dispatch the service will not accept; {@link #kind()} says which HTTP answer fits. */
public final class DispatchRefusedException extends RuntimeException {
  /** Why. */
  public enum Kind {
    /** The request breaks the schema or a rule (allow-lists, duplicate slugs): 422. */
    INVALID,
    /** The same request id and model were dispatched before with a different body: 409. */
    CONFLICT,
    /** The queue is at its bound: 429 with Retry-After. */
    QUEUE_FULL
  }

  private final Kind kind;
  private final List<ValidationError> errors;

  public DispatchRefusedException(Kind kind, String message, List<ValidationError> errors) {
    super(message, null, false, false);
    this.kind = kind;
    this.errors = List.copyOf(errors);
  }

  public Kind kind() {
    return kind;
  }

  public List<ValidationError> errors() {
    return errors;
  }
}
