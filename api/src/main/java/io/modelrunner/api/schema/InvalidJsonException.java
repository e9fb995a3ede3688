package io.modelrunner.api.schema;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.IOException;
import org.apiguardian.api.API;

/**
 * A document is not JSON at all (as opposed to JSON that does not match a schema). The message says
 * where parsing stopped.
 */
@API(status = STABLE, since = "0.1.0")
public class InvalidJsonException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
