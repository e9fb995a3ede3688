package io.modelrunner.conformance.connector;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The check could not judge the connector at all: the engine is unreachable, the image or command
 * is missing, or the inputs given are not what the model's schema says. Not a verdict on the
 * connector; the message says what to fix.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ConnectorCheckException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConnectorCheckException(String message, Throwable cause) {
    super(message, cause);
  }
}
