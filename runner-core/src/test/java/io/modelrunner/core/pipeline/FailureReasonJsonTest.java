package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.pipeline.internal.CallbackBodies;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureReasonJsonTest {
  @Test
  void aModelErrorCarriesItsExitCodeAndLogTailAndNoErrors() {
    FailureReason reason =
        new FailureReason(
            Kind.MODEL_ERROR, "the model exited with code 3", 3, List.of("a", "b"), List.of());

    assertThat(FailureReasonJson.write(reason).toString())
        .isEqualTo(
            "{\"kind\":\"model-error\",\"message\":\"the model exited with code 3\","
                + "\"exitCode\":3,\"logTail\":[\"a\",\"b\"]}");
  }

  @Test
  void aReasonWithoutExitOmitsExitCodeButKeepsAnEmptyLogTailAndListsItsErrors() {
    FailureReason reason =
        new FailureReason(
            Kind.INVALID_OUTPUT,
            "data.json breaks the schema",
            null,
            List.of(),
            List.of("/x - bad"));

    assertThat(FailureReasonJson.write(reason).toString())
        .isEqualTo(
            "{\"kind\":\"invalid-output\",\"message\":\"data.json breaks the schema\","
                + "\"logTail\":[],\"errors\":[\"/x - bad\"]}");
  }

  @Test
  void theFailedCallbackCarriesTheSameShape() {
    FailureReason reason =
        new FailureReason(Kind.TIMEOUT, "killed at its deadline", null, List.of("t"), List.of("e"));

    var body =
        new CallbackBodies("0.1.0", null)
            .failed("seir", new ModelIdentity("docker", "seir:1", "sha256:1", null, null), reason);

    assertThat(body.get("reason")).isEqualTo(FailureReasonJson.write(reason));
  }
}
