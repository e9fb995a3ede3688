package io.modelrunner.api.schema;

import java.io.IOException;

/**
 * A document is not JSON at all (as opposed to JSON that does not match a schema). The message says
 * where parsing stopped.
 */
public class InvalidJsonException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
