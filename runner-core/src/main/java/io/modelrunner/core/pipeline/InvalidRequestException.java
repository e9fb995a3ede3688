package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.schema.ValidationError;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A run request does not match its envelope or a requested model's input schema; nothing ran.
 * {@link #errors()} lists why.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
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
