package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A regular file found in a workspace folder.
 *
 * @param name its path relative to the folder, {@code /}-separated (e.g. {@code charts/a.png})
 * @param file the file itself
 */
@API(status = INTERNAL, since = "0.1.0")
public record OutputEntry(String name, Path file) {
  public OutputEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
  }
}
