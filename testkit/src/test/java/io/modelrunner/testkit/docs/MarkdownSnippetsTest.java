package io.modelrunner.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarkdownSnippetsTest {

  @Test
  void aMarkerTakesTheJavaBlockOnTheNextLine() {
    String doc =
        """
        # Title

        <!-- snippet: a/b/C.java#start -->
        ```java
        int x = 1;
          x++;
        ```
        after
        """;

    assertThat(MarkdownSnippets.markers(doc))
        .containsExactly(
            new SnippetMarker(3, "a/b/C.java", "start", Optional.of("int x = 1;\n  x++;")));
  }

  @Test
  void aFenceIndentedInAListLosesTheListsIndentation() {
    String doc =
        """
        - step
          <!-- snippet: C.java#step -->
          ```java
          call();
            more();
          ```
        """;

    assertThat(MarkdownSnippets.markers(doc))
        .singleElement()
        .satisfies(m -> assertThat(m.block()).contains("call();\n  more();"));
  }

  @Test
  void aMarkerWithoutAJavaFenceRightAfterItHasNoBlock() {
    String doc =
        """
        <!-- snippet: C.java#one -->

        ```java
        x();
        ```
        <!-- snippet: C.java#two -->
        ```xml
        <a/>
        ```
        <!-- snippet: C.java#three -->
        ```java
        never closed();
        """;

    assertThat(MarkdownSnippets.markers(doc))
        .extracting(SnippetMarker::line, SnippetMarker::region, SnippetMarker::block)
        .containsExactly(
            tuple(1, "one", Optional.empty()),
            tuple(6, "two", Optional.empty()),
            tuple(10, "three", Optional.empty()));
  }

  @Test
  void codeBlocksWithoutAMarkerAndOtherCommentsAreNotSnippets() {
    String doc =
        """
        <!-- a comment -->
        ```java
        pasted();
        ```
        <!-- snippet: no-region-given.java -->
        """;

    assertThat(MarkdownSnippets.markers(doc)).isEmpty();
  }
}
