package io.modelrunner.core.pipeline.internal;

import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.pipeline.RunRequestDocument;
import java.util.List;
import java.util.Objects;

/** Checks the run request against the runner schema; nothing runs for an invalid request. */
public final class ValidateStep {
  private final JsonSchema requestSchema;

  public ValidateStep(JsonSchema requestSchema) {
    this.requestSchema = Objects.requireNonNull(requestSchema, "requestSchema");
  }

  /** The request's schema errors, sorted by pointer; empty when valid. */
  public List<ValidationError> errors(RunRequestDocument request) {
    return requestSchema.validate(request.document());
  }

  public void validate(RunRequestDocument request) throws StepFailure {
    List<ValidationError> errors = errors(request);
    if (!errors.isEmpty()) {
      throw StepFailure.withErrors(
          Kind.INVALID_REQUEST,
          "the run request does not match the runner schema: " + errors.get(0),
          errors.stream().map(ValidationError::toString).toList());
    }
  }
}
