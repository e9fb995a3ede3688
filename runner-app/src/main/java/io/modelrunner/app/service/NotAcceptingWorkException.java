package io.modelrunner.app.service;

/**
 * The service is shutting down and takes no new work; the caller should retry shortly (on another
 * node, or this one after its restart). The HTTP layer answers 503 with {@code Retry-After}.
 */
public final class NotAcceptingWorkException extends RuntimeException {
  /** How long a client should wait before it retries, in seconds. */
  public static final int RETRY_AFTER_SECONDS = 10;

  public NotAcceptingWorkException(String message) {
    super(message, null, false, false);
  }
}
