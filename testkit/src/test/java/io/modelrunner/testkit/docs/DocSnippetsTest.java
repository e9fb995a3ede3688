package io.modelrunner.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Every {@code <!-- snippet: path/File.java#NAME -->} block of README.md and docs/*.md equals the
 * region of that (compiled) source file marked {@code // snippet:NAME} … {@code //
 * end-snippet:NAME}: one test per block, named by the document and line.
 */
class DocSnippetsTest {
  private static final Path ROOT = RepositoryRoot.find();

  @TestFactory
  Stream<DynamicTest> everySnippetInTheDocsEqualsItsMarkedSourceRegion() {
    return documents().stream()
        .flatMap(
            doc ->
                MarkdownSnippets.markers(read(doc)).stream()
                    .map(
                        marker ->
                            DynamicTest.dynamicTest(
                                where(doc, marker) + " " + marker.source() + "#" + marker.region(),
                                () -> check(doc, marker))));
  }

  @Test
  void theDocsHaveSnippetsToCheck() {
    assertThat(documents().stream().mapToLong(d -> MarkdownSnippets.markers(read(d)).size()).sum())
        .as("snippet markers in README.md and docs/*.md under %s", ROOT)
        .isPositive();
  }

  private static void check(Path doc, SnippetMarker marker) {
    String where = where(doc, marker);
    String block =
        marker
            .block()
            .orElseThrow(
                () ->
                    new AssertionFailedError(
                        where + ": the snippet marker is not followed by a ```java fence"));
    Path source = ROOT.resolve(marker.source()).normalize();
    if (!source.startsWith(ROOT) || !Files.isRegularFile(source)) {
      throw new AssertionFailedError(
          where + ": " + marker.source() + " is not a file of the repository");
    }
    String region =
        SourceRegions.region(read(source), marker.region())
            .orElseThrow(
                () ->
                    new AssertionFailedError(
                        where
                            + ": "
                            + marker.source()
                            + " has no region '// snippet:"
                            + marker.region()
                            + "' … '// end-snippet:"
                            + marker.region()
                            + "'"));
    Optional<String> difference = SnippetComparison.difference(block, region);
    if (difference.isPresent()) {
      throw new AssertionFailedError(
          where
              + ": the block is not the region "
              + marker.source()
              + "#"
              + marker.region()
              + " (copy the region into the doc): "
              + difference.get());
    }
  }

  private static String where(Path doc, SnippetMarker marker) {
    return ROOT.relativize(doc) + ":" + marker.line();
  }

  private static List<Path> documents() {
    List<Path> documents = new ArrayList<>();
    Path readme = ROOT.resolve("README.md");
    if (Files.isRegularFile(readme)) {
      documents.add(readme);
    }
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(documents::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
