package io.modelrunner.core.store.filesystem;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.store.spi.ResultStoreProvider;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Opens {@link FileSystemResultStore}s from {@code file:} URIs of folders ({@code
 * file:///var/lib/model-runner/results}); a bare folder reaches it as the folder's {@code file:}
 * URI. The filesystem store takes no options.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class FileSystemStoreProvider implements ResultStoreProvider {

  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public FileSystemStoreProvider() {}

  @Override
  public String scheme() {
    return "file";
  }

  /**
   * @throws IllegalArgumentException for any option, or a URI that names no local folder
   */
  @Override
  public FileSystemResultStore open(
      URI uri, Map<String, String> options, Map<String, String> environment) {
    if (!options.isEmpty()) {
      throw new IllegalArgumentException(
          "store options apply to s3:// and azure:// stores, not to a folder or file: URI (got "
              + String.join(", ", options.keySet().stream().sorted().toList())
              + ")");
    }
    Path folder;
    try {
      folder = Path.of(uri);
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new IllegalArgumentException(
          "a file: URI names a local folder, e.g. file:///var/lib/model-runner/results: "
              + uri
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
    return new FileSystemResultStore(folder.toAbsolutePath());
  }
}
