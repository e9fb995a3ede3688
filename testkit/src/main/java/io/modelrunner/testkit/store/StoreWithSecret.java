package io.modelrunner.testkit.store;

import io.modelrunner.core.store.ResultStore;
import java.util.Objects;

/**
 * A store and the secret it was opened with (an access key, an account key), which no message of
 * the store may show.
 *
 * @param <S> the store's type
 */
public record StoreWithSecret<S extends ResultStore>(S store, String secret) {
  public StoreWithSecret {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(secret, "secret");
  }
}
