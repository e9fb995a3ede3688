package io.modelrunner.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  private final SnippetProblems problems = new SnippetProblems(ROOT);

  @TestFactory
  Stream<DynamicTest> everySnippetInTheDocsEqualsItsMarkedSourceRegion() {
    return documents().stream()
        .flatMap(
            doc ->
                MarkdownSnippets.markers(SnippetProblems.read(doc)).stream()
                    .map(
                        marker ->
                            DynamicTest.dynamicTest(
                                ROOT.relativize(doc)
                                    + ":"
                                    + marker.line()
                                    + " "
                                    + marker.source()
                                    + "#"
                                    + marker.region(),
                                () ->
                                    problems
                                        .of(doc, marker)
                                        .ifPresent(
                                            problem -> {
                                              throw new AssertionFailedError(problem);
                                            }))));
  }

  @Test
  void theDocsHaveSnippetsToCheck() {
    assertThat(
            documents().stream()
                .mapToLong(d -> MarkdownSnippets.markers(SnippetProblems.read(d)).size())
                .sum())
        .as("snippet markers in README.md and docs/*.md under %s", ROOT)
        .isPositive();
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
}
