package io.modelrunner.core.store.spi;

import static org.apiguardian.api.API.Status.STABLE;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Opens a result store from its description: a folder (the filesystem store) or a URI whose scheme
 * picks the {@link ResultStoreProvider} ({@code file:}, {@code s3://bucket/prefix}, {@code
 * azure://container/prefix}; see docs/storage.md). Immutable; {@link #installed()} finds the
 * providers on the classpath.
 */
@API(status = STABLE, since = "0.1.0")
public final class ResultStores {
  /** The modules that provide the schemes model-runner ships, for the unknown-scheme message. */
  private static final Map<String, String> MODULES =
      Map.of("s3", "store-s3", "azure", "store-azure");

  private final Map<String, ResultStoreProvider> providers;

  /**
   * A lookup over {@code providers}.
   *
   * @throws IllegalArgumentException when two providers claim the same scheme
   */
  public ResultStores(List<? extends ResultStoreProvider> providers) {
    Map<String, ResultStoreProvider> byScheme = new TreeMap<>();
    for (ResultStoreProvider provider : providers) {
      String scheme = provider.scheme().toLowerCase(Locale.ROOT);
      ResultStoreProvider other = byScheme.putIfAbsent(scheme, provider);
      if (other != null) {
        throw new IllegalArgumentException(
            "two result store providers for scheme '"
                + scheme
                + "': "
                + other.getClass().getName()
                + " and "
                + provider.getClass().getName()
                + "; keep one of their modules on the classpath");
      }
    }
    this.providers = Collections.unmodifiableMap(byScheme);
  }

  /** The providers registered in {@code META-INF/services} on this class's class loader. */
  public static ResultStores installed() {
    return new ResultStores(
        ServiceLoader.load(ResultStoreProvider.class, ResultStoreProvider.class.getClassLoader())
            .stream()
            .map(ServiceLoader.Provider::get)
            .toList());
  }

  /** The schemes that can be opened, sorted. */
  public Set<String> schemes() {
    return providers.keySet();
  }

  /**
   * Opens the store {@code store} names: a folder when it has no scheme of two letters or more (so
   * {@code C:\results} is a folder), else a URI.
   *
   * @param environment the process environment, for credentials a store reads when the options
   *     carry none
   * @throws UnknownStoreSchemeException when no provider opens the URI's scheme
   * @throws IllegalArgumentException for a malformed URI, an unknown option or a bad value
   * @throws StoreException when the store cannot be set up
   */
  public ResultStore open(
      String store, Map<String, String> options, Map<String, String> environment) {
    Objects.requireNonNull(store, "store");
    if (!store.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
      return open(Path.of(store).toAbsolutePath().toUri(), options, environment);
    }
    try {
      return open(new URI(store), options, environment);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI: " + e.getMessage(), e);
    }
  }

  /**
   * Opens the store at {@code uri} with the provider of its scheme (in any case).
   *
   * @throws UnknownStoreSchemeException when no provider opens the scheme
   * @throws IllegalArgumentException for an unknown option or a bad value
   * @throws StoreException when the store cannot be set up
   */
  public ResultStore open(URI uri, Map<String, String> options, Map<String, String> environment) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(environment, "environment");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    ResultStoreProvider provider = providers.get(scheme);
    if (provider == null) {
      throw unknown(scheme);
    }
    return provider.open(uri, options, environment);
  }

  private UnknownStoreSchemeException unknown(String scheme) {
    String available =
        "use a folder"
            + (providers.isEmpty()
                ? ""
                : " or a URI with scheme " + String.join(", ", providers.keySet()));
    String module = MODULES.get(scheme);
    String message =
        module == null
            ? "unknown store scheme '" + scheme + "': " + available
            : "store scheme '"
                + scheme
                + "' needs the "
                + module
                + " module on the classpath, which is missing: "
                + available;
    return new UnknownStoreSchemeException(scheme, providers.keySet(), message);
  }
}
