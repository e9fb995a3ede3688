package io.modelrunner.core.store;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A {@link ResultStore} operation failed: the store is unreachable, refused the credentials, or did
 * not store what was sent. The message names the store ({@link ResultStore#describe()}) and the
 * key, never a secret. A run that meets one fails with a platform-error reason.
 */
@API(status = STABLE, since = "0.1.0")
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * After an upload, the store reported another size or SHA-256 for {@code key} than was sent (or
   * no SHA-256: it dropped the metadata), and the caller deleted what it stored.
   *
   * @param store the store's {@link ResultStore#describe()}
   * @param deleted what was deleted, in the store's words ("the object", "the blob")
   */
  public static StoreException notAsSent(
      String store,
      String key,
      long storedSize,
      String storedSha256,
      long sentSize,
      String sentSha256,
      String deleted) {
    return new StoreException(
        store
            + ": the store reports "
            + storedSize
            + " bytes with sha256 "
            + storedSha256
            + " for "
            + key
            + " but "
            + sentSize
            + " bytes with sha256 "
            + sentSha256
            + " were sent; "
            + deleted
            + " was deleted");
  }
}
