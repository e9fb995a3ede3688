package io.modelrunner.core.store.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Set;
import org.apiguardian.api.API;

/**
 * No {@link ResultStoreProvider} on the classpath opens a store URI's scheme. The message names the
 * schemes that are available and, for a scheme model-runner ships, the module that provides it.
 */
@API(status = STABLE, since = "0.1.0")
public class UnknownStoreSchemeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String scheme;
  private final Set<String> available;

  public UnknownStoreSchemeException(String scheme, Set<String> available, String message) {
    super(message);
    this.scheme = scheme;
    this.available = Set.copyOf(available);
  }

  /** The scheme that was asked for. */
  public String scheme() {
    return scheme;
  }

  /** The schemes that can be opened. */
  public Set<String> available() {
    return available;
  }
}
