package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The engine could not prepare or start a model: the Docker engine is unreachable, the image is
 * missing and cannot be pulled, the command does not exist. Always a platform error, never the
 * model's. The message says what to check.
 */
@API(status = STABLE, since = "0.1.0")
public class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
