package io.modelrunner.core.pipeline;

import io.modelrunner.api.schema.ValidationError;
import java.util.List;

/**
 * A run request does not match its envelope or a requested model's input schema; nothing ran.
 * {@link #errors()} lists why.
 */
public class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ValidationError> errors;

  public InvalidRequestException(List<ValidationError> errors) {
    super(
        "the run request is invalid ("
            + errors.size()
            + " error(s)): "
            + errors.stream().map(ValidationError::toString).limit(5).toList());
    this.errors = List.copyOf(errors);
  }

  public List<ValidationError> errors() {
    return errors;
  }
}
