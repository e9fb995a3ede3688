package io.modelrunner.app.cli;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.store.azure.AzureResultStoreFactory;
import io.modelrunner.store.s3.S3ResultStoreFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the result store that {@code --store} names: a folder or {@code file:} URI (the filesystem
 * store), {@code s3://bucket/prefix} or {@code azure://container/prefix}, with the {@code
 * --store-option} key/value pairs (see docs/storage.md). Credentials also come from the vendors'
 * environment variables, which keeps them off command lines.
 */
public final class StoreFactory {
  private final Map<String, String> environment;

  public StoreFactory(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * @throws UserErrorException for an unknown scheme, a bad option, or a folder that cannot be used
   */
  public ResultStore open(String store, Map<String, String> options) {
    try {
      URI uri = schemeOf(store);
      if (uri == null) {
        requireNoOptions(options, "a folder");
        return new FileSystemResultStore(Path.of(store).toAbsolutePath());
      }
      switch (uri.getScheme()) {
        case "file":
          requireNoOptions(options, "a file: URI");
          return new FileSystemResultStore(Path.of(uri).toAbsolutePath());
        case "s3":
          return new S3ResultStoreFactory().fromUri(uri, options);
        case "azure":
          return new AzureResultStoreFactory(environment).fromUri(uri, options);
        default:
          throw new UserErrorException(
              "--store: unknown store scheme '"
                  + uri.getScheme()
                  + "': use a folder, file:, s3:// or azure://",
              null);
      }
    } catch (StoreException | IllegalArgumentException e) {
      throw new UserErrorException("--store: " + e.getMessage(), e);
    }
  }

  /** The URI when {@code store} has a scheme of two letters or more (so {@code C:\x} is a path). */
  private static URI schemeOf(String store) {
    if (!store.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
      return null;
    }
    try {
      return new URI(store);
    } catch (URISyntaxException e) {
      throw new UserErrorException("--store: not a URI: " + e.getMessage(), e);
    }
  }

  private static void requireNoOptions(Map<String, String> options, String what) {
    if (!options.isEmpty()) {
      throw new UserErrorException(
          "--store-option applies to s3:// and azure:// stores, not to " + what, null);
    }
  }
}
