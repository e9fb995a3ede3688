package io.modelrunner.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetComparisonTest {

  @Test
  void equalTextIsNoDifferenceWhateverTheTrailingSpacesAndSurroundingBlankLines() {
    assertThat(SnippetComparison.difference("\na();  \n\nb();\n\n", "a();\n\nb();")).isEmpty();
  }

  @Test
  void aChangedLineIsNamedWithBothVersions() {
    assertThat(SnippetComparison.difference("a();\nb(1);\nc();", "a();\nb(2);\nc();"))
        .hasValueSatisfying(d -> assertThat(d).contains("line 2", "doc:  b(1);", "code: b(2);"));
  }

  @Test
  void indentationCounts() {
    assertThat(SnippetComparison.difference("a();", "  a();")).isPresent();
  }

  @Test
  void aShorterBlockOrAShorterRegionDiffers() {
    assertThat(SnippetComparison.difference("a();", "a();\nb();"))
        .hasValueSatisfying(d -> assertThat(d).contains("line 2", "(the block ends)"));
    assertThat(SnippetComparison.difference("a();\nb();", "a();"))
        .hasValueSatisfying(d -> assertThat(d).contains("line 2", "(the region ends)"));
  }
}
