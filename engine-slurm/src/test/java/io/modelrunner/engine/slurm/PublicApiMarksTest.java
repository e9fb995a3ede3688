package io.modelrunner.engine.slurm;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelrunner.testkit.junit.ApiMarks;
import org.junit.jupiter.api.Test;

class PublicApiMarksTest {
  @Test
  void everyPublicTypeOfTheSlurmEngineSaysItsApiStatus() {
    assertThatCode(() -> ApiMarks.assertMarked(SlurmEngine.class)).doesNotThrowAnyException();
  }
}
