package io.modelrunner.adapter.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The directory under which runs get their work directories: the configured one (kept at close), or
 * a temporary one the server created (deleted at close).
 *
 * @param path the directory
 * @param temporary whether the server created it and deletes it
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public record WorkRoot(Path path, boolean temporary) implements AutoCloseable {

  /**
   * The configured root, or a new temporary directory when {@code configured} is null.
   *
   * @param configured the configured root, or null
   * @return the root
   */
  public static WorkRoot of(Path configured) {
    try {
      if (configured != null) {
        return new WorkRoot(Files.createDirectories(configured), false);
      }
      return new WorkRoot(Files.createTempDirectory("model-adapter-runs-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the runs' work root "
              + (configured == null ? "in the temporary directory" : configured)
              + " (set --work-dir / WORK_DIR to a writable directory)",
          e);
    }
  }

  /** Deletes the root when the server created it. */
  @Override
  public void close() {
    if (temporary) {
      try {
        WorkDirs.delete(path);
      } catch (IOException e) {
        // a leftover temporary directory is harmless; the runs' own were deleted on remove
      }
    }
  }
}
