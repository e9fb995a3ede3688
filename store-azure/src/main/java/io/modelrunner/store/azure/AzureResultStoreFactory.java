package io.modelrunner.store.azure;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@link AzureResultStore}s from {@code azure://container/prefix} URIs and options; see
 * {@link AzureStoreConfig#fromUri(URI, Map)} for the option names. When the options carry no
 * credentials, the environment's {@code AZURE_STORAGE_CONNECTION_STRING}, or {@code
 * AZURE_STORAGE_ACCOUNT} with {@code AZURE_STORAGE_KEY}, are used, so secrets need not be on a
 * command line.
 */
public final class AzureResultStoreFactory {
  private final Map<String, String> environment;

  /** A factory reading credentials from the process environment when options lack them. */
  public AzureResultStoreFactory() {
    this(System.getenv());
  }

  /** A factory reading fallback credentials from {@code environment}. */
  public AzureResultStoreFactory(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }

  /** The URI scheme this factory handles: {@code azure}. */
  public String scheme() {
    return "azure";
  }

  /** Whether {@code uri} is an {@code azure:} URI. */
  public boolean supports(URI uri) {
    return uri != null && scheme().equalsIgnoreCase(uri.getScheme());
  }

  /**
   * A store for {@code uri} with {@code options}. Nothing is contacted yet: the container is
   * checked (and created) on the first write.
   *
   * @throws IllegalArgumentException for a bad URI, an unknown option, a bad value or missing
   *     credentials
   */
  public AzureResultStore fromUri(URI uri, Map<String, String> options) {
    return new AzureResultStore(AzureStoreConfig.fromUri(uri, withCredentials(options)));
  }

  private Map<String, String> withCredentials(Map<String, String> options) {
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
