package io.modelrunner.core.engine;

/**
 * The engine could not prepare or start a model: the Docker engine is unreachable, the image is
 * missing and cannot be pulled, the command does not exist. Always a platform error, never the
 * model's. The message says what to check.
 */
public class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
