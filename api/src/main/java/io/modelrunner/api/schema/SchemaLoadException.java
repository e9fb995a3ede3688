package io.modelrunner.api.schema;

/** A schema could not be found, read or parsed. The message names the schema's location. */
public class SchemaLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemaLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
