package io.modelrunner.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceRegionsTest {
  private static final String SOURCE =
      """
      class A {
        void m() {
          // snippet:body
          int x = 1;

          if (x > 0) {
            // snippet:inner
            x++;
            // end-snippet:inner
          }
          // end-snippet:body
        }
        // snippet:open
        int y;
      }
      """;

  @Test
  void theRegionIsDedentedWithoutItsMarkerLinesOrThoseOfRegionsInsideIt() {
    assertThat(SourceRegions.region(SOURCE, "body"))
        .contains("int x = 1;\n\nif (x > 0) {\n  x++;\n}");
  }

  @Test
  void aRegionInsideAnotherIsFoundOnItsOwn() {
    assertThat(SourceRegions.region(SOURCE, "inner")).contains("x++;");
  }

  @Test
  void aMissingOrUnclosedRegionIsEmpty() {
    assertThat(SourceRegions.region(SOURCE, "absent")).isEmpty();
    assertThat(SourceRegions.region(SOURCE, "open")).isEmpty();
    assertThat(SourceRegions.region(SOURCE, "bod")).isEmpty();
  }
}
