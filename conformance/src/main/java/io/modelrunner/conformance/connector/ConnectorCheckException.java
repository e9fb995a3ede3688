package io.modelrunner.conformance.connector;

/**
 * The check could not judge the connector at all: the engine is unreachable, the image or command
 * is missing, or the inputs given are not what the model's schema says. Not a verdict on the
 * connector; the message says what to fix.
 */
public final class ConnectorCheckException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConnectorCheckException(String message, Throwable cause) {
    super(message, cause);
  }
}
