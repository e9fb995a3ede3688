package io.modelrunner.app.bootstrap;

/**
 * The result store that the configuration names cannot be opened: an unknown scheme, a bad option
 * or a folder that cannot be used. The message says which and never carries a secret; the command
 * line prefixes it with {@code --store:}, the service with {@code store:}.
 */
public final class StoreUnavailableException extends RuntimeException {
  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
