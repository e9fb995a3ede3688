package io.modelrunner.store.azure;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.store.spi.ResultStoreProvider;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Opens {@link AzureResultStore}s from {@code azure://container/prefix} URIs; see {@link
 * AzureStoreConfig#fromUri(URI, Map)} for the options. When the options carry no credentials, the
 * environment's {@code AZURE_STORAGE_CONNECTION_STRING}, or {@code AZURE_STORAGE_ACCOUNT} with
 * {@code AZURE_STORAGE_KEY}, are used, so secrets need not be on a command line.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class AzureStoreProvider implements ResultStoreProvider {
  /** Made by {@link java.util.ServiceLoader}. */
  public AzureStoreProvider() {}

  /** {@code azure}. */
  @Override
  public String scheme() {
    return "azure";
  }

  /**
   * A store for {@code uri} with {@code options}. Nothing is contacted yet: the container is
   * checked (and created) on the first write.
   *
   * @throws IllegalArgumentException for a bad URI, an unknown option, a bad value or missing
   *     credentials
   */
  @Override
  public AzureResultStore open(
      URI uri, Map<String, String> options, Map<String, String> environment) {
    return new AzureResultStore(
        AzureStoreConfig.fromUri(uri, withCredentials(options, environment)));
  }

  private static Map<String, String> withCredentials(
      Map<String, String> options, Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    if (options.containsKey("connection-string") || options.containsKey("account-key")) {
      return options;
    }
    Map<String, String> merged = new HashMap<>(options);
    String connectionString = environment.get("AZURE_STORAGE_CONNECTION_STRING");
    if (connectionString != null && !connectionString.isBlank()) {
      merged.put("connection-string", connectionString);
    } else if (environment.containsKey("AZURE_STORAGE_KEY")) {
      merged.putIfAbsent("account", environment.get("AZURE_STORAGE_ACCOUNT"));
      merged.put("account-key", environment.get("AZURE_STORAGE_KEY"));
    }
    merged.values().removeIf(Objects::isNull);
    return merged;
  }
}
