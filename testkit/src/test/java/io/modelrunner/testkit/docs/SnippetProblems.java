package io.modelrunner.testkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What is wrong with one snippet marker of a document, each problem named by document and line. */
final class SnippetProblems {
  private final Path root;

  /**
   * @param root the repository root, which marker paths and document names are relative to
   */
  SnippetProblems(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Empty when the marker's block equals its source region. */
  Optional<String> of(Path doc, SnippetMarker marker) {
    String where = root.relativize(doc.toAbsolutePath().normalize()) + ":";
    if (marker.block().isEmpty()) {
      return Optional.of(
          where + marker.line() + ": the snippet marker is not followed by a ```java fence");
    }
    Path source = root.resolve(marker.source()).normalize();
    if (!source.startsWith(root) || !Files.isRegularFile(source)) {
      return Optional.of(
          where + marker.line() + ": " + marker.source() + " is not a file of the repository");
    }
    Optional<String> region = SourceRegions.region(read(source), marker.region());
    if (region.isEmpty()) {
      return Optional.of(
          where
              + marker.line()
              + ": "
              + marker.source()
              + " has no region '// snippet:"
              + marker.region()
              + "' … '// end-snippet:"
              + marker.region()
              + "'");
    }
    return SnippetComparison.difference(marker.block().get(), region.get())
        .map(
            d ->
                where
                    + (marker.line() + 1 + d.line())
                    + ": the block of the snippet marker on line "
                    + marker.line()
                    + " is not the region "
                    + marker.source()
                    + "#"
                    + marker.region()
                    + " (copy the region into the doc)"
                    + d.describe());
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
