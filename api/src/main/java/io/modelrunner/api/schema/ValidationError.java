package io.modelrunner.api.schema;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One way in which a document does not match its schema.
 *
 * @param pointer the RFC 6901 JSON pointer of the offending value ({@code ""} for the whole
 *     document). For a missing required property or a property that is not allowed, it points at
 *     that property, e.g. {@code /configuration/region}.
 * @param message what is wrong, for a person, e.g. {@code is required}
 * @param models the slugs of the models whose input schema the value breaks (a run request's {@code
 *     configuration}); empty for any other error
 */
@API(status = STABLE, since = "0.1.0")
public record ValidationError(String pointer, String message, List<String> models) {

  public ValidationError {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
    models = models == null ? List.of() : List.copyOf(models);
  }

  /** An error that concerns no particular model. */
  public ValidationError(String pointer, String message) {
    this(pointer, message, List.of());
  }

  /** {@code <pointer>: <message>}, the whole document shown as {@code (root)}. */
  @Override
  public String toString() {
    return (pointer.isEmpty() ? "(root)" : pointer) + ": " + message;
  }
}
