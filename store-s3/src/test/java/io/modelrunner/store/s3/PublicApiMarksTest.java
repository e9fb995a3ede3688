package io.modelrunner.store.s3;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelrunner.testkit.junit.ApiMarks;
import org.junit.jupiter.api.Test;

class PublicApiMarksTest {
  @Test
  void everyPublicTypeOfTheS3StoreSaysItsApiStatus() {
    assertThatCode(() -> ApiMarks.assertMarked(S3ResultStore.class)).doesNotThrowAnyException();
  }
}
