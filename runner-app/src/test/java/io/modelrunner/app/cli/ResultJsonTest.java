package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.RunStatus;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.pipeline.FailureReasonJson;
import io.modelrunner.core.pipeline.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
  @Test
  void aFailedModelsReasonHasTheSameShapeAsInTheCallbacksAndTheApi() throws Exception {
    FailureReason reason =
        new FailureReason(Kind.PLATFORM_ERROR, "the image is missing", null, List.of(), List.of());
    RunResult result =
        new RunResult(
            "seir",
            "mr-1-seir-0",
            RunStatus.FAILED,
            reason,
            "",
            "",
            List.of(),
            null,
            null,
            List.of(),
            List.of(),
            List.of(),
            null);

    JsonNode line = JsonMappers.standard().readTree(ResultJson.line(result));

    assertThat(line.get("reason")).isEqualTo(FailureReasonJson.write(reason));
    assertThat(line.get("reason").has("exitCode")).isFalse();
    assertThat(line.get("reason").has("errors")).isFalse();
  }
}
