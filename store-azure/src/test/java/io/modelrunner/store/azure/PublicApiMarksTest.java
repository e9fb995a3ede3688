package io.modelrunner.store.azure;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelrunner.testkit.junit.ApiMarks;
import org.junit.jupiter.api.Test;

class PublicApiMarksTest {
  @Test
  void everyPublicTypeOfTheAzureStoreSaysItsApiStatus() {
    assertThatCode(() -> ApiMarks.assertMarked(AzureResultStore.class)).doesNotThrowAnyException();
  }
}
