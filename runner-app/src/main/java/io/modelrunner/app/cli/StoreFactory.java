package io.modelrunner.app.cli;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.spi.ResultStores;
import java.util.Map;

/**
 * Opens the result store that {@code --store} names through the {@linkplain ResultStores store
 * providers on the classpath}: a folder or {@code file:} URI (the filesystem store), {@code
 * s3://bucket/prefix} or {@code azure://container/prefix}, with the {@code --store-option}
 * key/value pairs (see docs/storage.md). Credentials also come from the vendors' environment
 * variables, which keeps them off command lines. What it adds to {@link ResultStores} is the
 * command line's error: a {@link UserErrorException} naming {@code --store}.
 */
public final class StoreFactory {
  private final ResultStores stores;
  private final Map<String, String> environment;

  /** A factory over the installed providers, reading credentials from {@code environment}. */
  public StoreFactory(Map<String, String> environment) {
    this(ResultStores.installed(), environment);
  }

  public StoreFactory(ResultStores stores, Map<String, String> environment) {
    this.stores = stores;
    this.environment = Map.copyOf(environment);
  }

  /**
   * @throws UserErrorException for an unknown scheme, a bad option, or a folder that cannot be used
   */
  public ResultStore open(String store, Map<String, String> options) {
    try {
      return stores.open(store, options, environment);
    } catch (StoreException | IllegalArgumentException e) {
      throw new UserErrorException("--store: " + e.getMessage(), e);
    }
  }
}
