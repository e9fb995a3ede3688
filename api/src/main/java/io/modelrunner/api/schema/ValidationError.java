package io.modelrunner.api.schema;

import java.util.Objects;

/**
 * One way in which a document does not match its schema.
 *
 * @param pointer the RFC 6901 JSON pointer of the offending value ({@code ""} for the whole
 *     document). For a missing required property or a property that is not allowed, it points at
 *     that property, e.g. {@code /configuration/region}.
 * @param message what is wrong, for a person, e.g. {@code is required}
 */
public record ValidationError(String pointer, String message) {

  public ValidationError {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  /** {@code <pointer>: <message>}, the whole document shown as {@code (root)}. */
  @Override
  public String toString() {
    return (pointer.isEmpty() ? "(root)" : pointer) + ": " + message;
  }
}
