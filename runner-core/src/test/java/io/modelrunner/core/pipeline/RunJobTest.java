package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.support.TestModels;
import org.junit.jupiter.api.Test;

class RunJobTest {
  private static RunJob job() {
    var request = TestModels.request("r1", null, "seir");
    var model = request.models().get(0);
    return new RunJob(
        request,
        model,
        ModelLaunch.image(model.slug(), model.imageURL()),
        ExecutionLimits.defaults(),
        Cancellation.none());
  }

  @Test
  void newRunIdIsMrThenRequestAndSlugThenTwelveRandomHexDigits() {
    String id = RunJob.newRunId("42", "seir");

    assertThat(id).matches("mr-42-seir-[0-9a-f]{12}");
    assertThat(RunJob.newRunId("42", "seir")).isNotEqualTo(id);
  }

  @Test
  void newRunIdReplacesUnsafeCharactersAndCutsTheReadablePartTo80() {
    assertThat(RunJob.newRunId("a b/c", "m:1")).matches("mr-a_b_c-m_1-[0-9a-f]{12}");
    String longId = RunJob.newRunId("x".repeat(100), "seir");
    assertThat(longId).matches("mr-x{80}-[0-9a-f]{12}");
    assertThat(job().withRunId(longId).runId()).isEqualTo(longId);
  }

  @Test
  void theFiveArgumentConstructorLeavesTheRunIdToThePipeline() {
    assertThat(job().runId()).isNull();
    assertThat(job().withRunId("mr-r1-seir-0123456789ab").runId())
        .isEqualTo("mr-r1-seir-0123456789ab");
    assertThat(job().withRunId("x").withRunId(null).runId()).isNull();
  }

  @Test
  void aRunIdThatCannotNameAFolderIsRejected() {
    for (String bad : new String[] {"", "..", ".hidden", "a/b", "a b", "x".repeat(129)}) {
      assertThatThrownBy(() -> job().withRunId(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("run id");
    }
  }
}
