package io.modelrunner.testkit.store;

import static org.apiguardian.api.API.Status.STABLE;

import io.modelrunner.core.store.ResultStore;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A store and the secret it was opened with (an access key, an account key), which no message of
 * the store may show.
 *
 * @param <S> the store's type
 */
@API(status = STABLE, since = "0.1.0")
public record StoreWithSecret<S extends ResultStore>(S store, String secret) {
  public StoreWithSecret {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(secret, "secret");
  }
}
