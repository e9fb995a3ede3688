package io.modelrunner.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnippetProblemsTest {
  @TempDir Path root;
  private Path doc;
  private SnippetProblems problems;

  @BeforeEach
  void repository() throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.createDirectories(root.resolve("src"));
    Files.writeString(
        root.resolve("src/A.java"),
        """
        class A {
          // snippet:call
          call(1);
          // end-snippet:call
        }
        """);
    doc = root.resolve("docs/guide.md");
    problems = new SnippetProblems(root);
  }

  @Test
  void aBlockEqualToItsRegionHasNoProblem() {
    assertThat(problems.of(doc, marker("src/A.java", "call", "call(1);"))).isEmpty();
  }

  @Test
  void aMismatchNamesTheDocumentLineWhereTheBlockDiffers() {
    assertThat(problems.of(doc, marker("src/A.java", "call", "call(2);")))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("docs/guide.md:12: the block of the snippet marker on line 10")
                    .contains("src/A.java#call", "doc:  call(2);", "code: call(1);"));
  }

  @Test
  void aMissingFileOrRegionOrFenceIsNamedWithTheMarkersLine() {
    assertThat(problems.of(doc, marker("src/B.java", "call", "call(1);")))
        .contains("docs/guide.md:10: src/B.java is not a file of the repository");
    assertThat(problems.of(doc, marker("../outside/A.java", "call", "call(1);")))
        .contains("docs/guide.md:10: ../outside/A.java is not a file of the repository");
    assertThat(problems.of(doc, marker("src/A.java", "other", "call(1);")))
        .contains(
            "docs/guide.md:10: src/A.java has no region '// snippet:other' … '// end-snippet:other'");
    assertThat(problems.of(doc, new SnippetMarker(10, "src/A.java", "call", Optional.empty())))
        .contains("docs/guide.md:10: the snippet marker is not followed by a ```java fence");
  }

  private static SnippetMarker marker(String source, String region, String block) {
    return new SnippetMarker(10, source, region, Optional.of(block));
  }
}
