package io.modelrunner.store.azure;

import com.azure.storage.blob.models.BlobStorageException;
import io.modelrunner.core.internal.Throwables;
import io.modelrunner.core.store.StoreException;

/**
 * Turns Azure SDK failures into {@link StoreException}s that name the store. Server messages are
 * left out for refused requests: they can echo the request's signature.
 */
final class AzureFailures {
  private AzureFailures() {}

  static StoreException of(String store, String action, RuntimeException e, int maxAttempts) {
    if (e instanceof StoreException se) {
      return se;
    }
    return new StoreException(store + ": cannot " + action + ": " + reason(e, maxAttempts), e);
  }

  static String reason(RuntimeException e, int maxAttempts) {
    if (e instanceof BlobStorageException blob) {
      String detail =
          "HTTP "
              + blob.getStatusCode()
              + (blob.getErrorCode() == null ? "" : " " + blob.getErrorCode());
      if (blob.getStatusCode() == 403) {
        return "the store refused the credentials or denied access ("
            + detail
            + "); check the account name and key or the connection string";
      }
      return detail;
    }
    return "the store is unreachable or did not answer after at most "
        + maxAttempts
        + " attempts: "
        + rootClassAndMessage(e);
  }

  private static String rootClassAndMessage(Throwable e) {
    Throwable root = Throwables.rootCause(e);
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
