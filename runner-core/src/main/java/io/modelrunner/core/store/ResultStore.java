package io.modelrunner.core.store;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where run results go: {@code data.json}, the export zip and the logs. Implementations: the local
 * filesystem (the embedded default), S3-compatible object stores and Azure Blob Storage, each
 * opened from its URI by a {@link io.modelrunner.core.store.spi.ResultStoreProvider} (see {@link
 * io.modelrunner.core.store.spi.ResultStores}).
 *
 * <p>Keys are relative, {@code /}-separated paths such as {@code
 * simulation-runs/<hash>/public/data.json}: no leading {@code /}, no empty, {@code .} or {@code ..}
 * segments ({@link StoreKeys#requireValid(String)}). Every operation streams: memory use does not
 * depend on object size. Implementations are thread-safe.
 */
@API(status = STABLE, since = "0.1.0")
public interface ResultStore extends AutoCloseable {

  /**
   * Stores the content of {@code file} under {@code key}, replacing what was there. The size and
   * SHA-256 are computed while streaming and checked against what the store reports afterwards; a
   * reader never sees a partly written object under {@code key}.
   *
   * @param contentType the media type, e.g. {@code application/json}
   * @return what was stored, with the location a web application can resolve
   * @throws StoreException when the store is unreachable, refuses the credentials, or reports a
   *     different size or checksum than was sent
   */
  StoredObject put(String key, Path file, String contentType);

  /** What is stored under {@code key}, or empty when nothing is. */
  Optional<StoredObject> stat(String key);

  /**
   * The size of what is stored under {@code key}, or empty when nothing is: {@link #stat}'s size,
   * for a store that can tell it without reading the object (the filesystem store's {@code stat}
   * reads it to hash it).
   */
  default java.util.OptionalLong size(String key) {
    return stat(key)
        .map(o -> java.util.OptionalLong.of(o.size()))
        .orElse(java.util.OptionalLong.empty());
  }

  /**
   * Opens the object under {@code key} for streaming reads; the caller closes the stream.
   *
   * @throws StoreException when nothing is stored under {@code key} or the store fails
   */
  InputStream open(String key);

  /**
   * Where {@code key} is, as reported in callbacks: a {@code file:} URI, an {@code https:} URL, or
   * {@code s3://bucket/key}; each implementation documents its form.
   */
  String location(String key);

  /** A description for logs and error messages, without any secret. */
  String describe();

  @Override
  default void close() {}
}
