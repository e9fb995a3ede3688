package io.modelrunner.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.testkit.docs.SnippetComparison.Difference;
import org.junit.jupiter.api.Test;

class SnippetComparisonTest {

  @Test
  void equalTextIsNoDifferenceWhateverTheTrailingSpacesAndSurroundingBlankLines() {
    assertThat(SnippetComparison.difference("\na();  \n\nb();\n\n", "a();\n\nb();")).isEmpty();
  }

  @Test
  void aChangedLineIsNamedByItsLineInTheBlockWithBothVersions() {
    assertThat(SnippetComparison.difference("\na();\nb(1);\nc();", "a();\nb(2);\nc();"))
        .contains(new Difference(3, "b(1);", "b(2);"));
    assertThat(new Difference(3, "b(1);", "b(2);").describe())
        .isEqualTo("\n  doc:  b(1);\n  code: b(2);");
  }

  @Test
  void indentationCounts() {
    assertThat(SnippetComparison.difference("a();", "  a();"))
        .contains(new Difference(1, "a();", "  a();"));
  }

  @Test
  void aShorterBlockOrAShorterRegionDiffers() {
    assertThat(SnippetComparison.difference("a();", "a();\nb();"))
        .hasValueSatisfying(d -> assertThat(d.describe()).contains("(the block ends)"));
    assertThat(SnippetComparison.difference("a();\nb();", "a();"))
        .contains(new Difference(2, "b();", null));
  }
}
