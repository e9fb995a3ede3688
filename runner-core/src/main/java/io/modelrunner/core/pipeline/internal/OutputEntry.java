package io.modelrunner.core.pipeline.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A regular file found in a workspace folder.
 *
 * @param name its path relative to the folder, {@code /}-separated (e.g. {@code charts/a.png})
 * @param file the file itself
 */
public record OutputEntry(String name, Path file) {
  public OutputEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
  }
}
