package io.modelrunner.core.store;

/**
 * A {@link ResultStore} operation failed: the store is unreachable, refused the credentials, or did
 * not store what was sent. The message names the store ({@link ResultStore#describe()}) and the
 * key, never a secret. A run that meets one fails with a platform-error reason.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
