package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.catalog.ModelContract;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.pipeline.RequestValidator;
import io.modelrunner.core.pipeline.RunRequestDocument;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Checks a job's run request: the envelope, then {@code configuration} against the job's model's
 * input schema ({@link RequestValidator}); nothing runs for an invalid request.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ValidateStep {
  private final RequestValidator validator;

  public ValidateStep(RequestValidator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /** The request's errors for model {@code slug}, envelope first; empty when valid. */
  public List<ValidationError> errors(
      RunRequestDocument request, String slug, ModelContract contract) {
    return validator.checkFor(request.document(), slug, contract);
  }

  public void validate(RunRequestDocument request, String slug, ModelContract contract)
      throws StepFailure {
    List<ValidationError> errors = errors(request, slug, contract);
    if (!errors.isEmpty()) {
      throw StepFailure.withErrors(
          Kind.INVALID_REQUEST,
          "the run request is invalid for model " + slug + ": " + errors.get(0),
          errors.stream().map(ValidationError::toString).toList());
    }
  }
}
