package io.modelrunner.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelrunner.testkit.junit.ApiMarks;
import org.junit.jupiter.api.Test;

class PublicApiMarksTest {
  @Test
  void everyPublicTypeOfTheTestkitSaysItsApiStatus() {
    assertThatCode(() -> ApiMarks.assertMarked(AdapterConformance.class))
        .doesNotThrowAnyException();
  }
}
