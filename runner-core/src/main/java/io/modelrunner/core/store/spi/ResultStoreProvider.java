package io.modelrunner.core.store.spi;

import static org.apiguardian.api.API.Status.STABLE;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import java.net.URI;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Opens the {@link ResultStore}s of one URI scheme. Providers are found through {@link
 * java.util.ServiceLoader} (a {@code META-INF/services} entry in their module; see {@link
 * ResultStores}), so a store module on the classpath is all it takes to use its scheme. A provider
 * has a public no-argument constructor and no state.
 */
@API(status = STABLE, since = "0.1.0")
public interface ResultStoreProvider {

  /** The URI scheme this provider opens, in lower case: {@code file}, {@code s3}, {@code azure}. */
  String scheme();

  /**
   * A store for {@code uri} with {@code options}. Nothing remote is contacted yet.
   *
   * @param uri a URI of this provider's {@linkplain #scheme() scheme}
   * @param options the store's options ({@code --store-option}, {@code store.options})
   * @param environment the process environment, for credentials a store reads from its vendor's
   *     variables when the options carry none
   * @throws IllegalArgumentException for a malformed URI, an unknown option or a bad value; the
   *     message never contains a secret
   * @throws StoreException when the store cannot be set up (e.g. its folder cannot be created)
   */
  ResultStore open(URI uri, Map<String, String> options, Map<String, String> environment);
}
