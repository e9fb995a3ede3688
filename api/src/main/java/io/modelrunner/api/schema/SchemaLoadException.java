package io.modelrunner.api.schema;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** A schema could not be found, read or parsed. The message names the schema's location. */
@API(status = STABLE, since = "0.1.0")
public class SchemaLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemaLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
