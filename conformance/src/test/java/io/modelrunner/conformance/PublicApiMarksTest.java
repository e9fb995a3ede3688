package io.modelrunner.conformance;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelrunner.testkit.junit.ApiMarks;
import org.junit.jupiter.api.Test;

class PublicApiMarksTest {
  @Test
  void everyPublicTypeOfConformanceSaysItsApiStatus() {
    assertThatCode(() -> ApiMarks.assertMarked(CheckReport.class)).doesNotThrowAnyException();
  }
}
