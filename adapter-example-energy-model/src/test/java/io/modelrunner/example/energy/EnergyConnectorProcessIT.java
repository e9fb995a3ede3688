package io.modelrunner.example.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.InvalidRequestException;
import io.modelrunner.core.pipeline.RunResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example request on the process engine: the catalog's {@code python3 connector.py}. */
class EnergyConnectorProcessIT {
  @TempDir Path dir;

  @Test
  void theExampleRequestRunsThroughTheProcessEngine() throws Exception {
    RunResult result = EnergyPipelineSupport.runExample(new ProcessEngine(), dir);

    EnergyPipelineSupport.assertCompleteAndValid(result);
    assertThat(result.identity().engine()).isEqualTo("process");
  }

  @Test
  void aConfigurationTheConnectorRefusesFailsAsAModelErrorWithItsMessage() throws Exception {
    ObjectNode request = EnergyOutputs.exampleRequest().deepCopy();
    // Valid against the schema; two generators named "wind" is what only the connector sees.
    ((ObjectNode) request.path("configuration").path("generators").path(2)).put("name", "wind");

    RunResult result = EnergyPipelineSupport.run(new ProcessEngine(), dir, request);

    assertThat(result.status()).hasToString("FAILED");
    assertThat(result.reason().kind()).isEqualTo(FailureReason.Kind.MODEL_ERROR);
    assertThat(result.reason().exitCode()).isEqualTo(2);
    assertThat(String.join("\n", result.reason().logTail()))
        .contains("error: invalid input: /generators/2/name");
  }

  @Test
  void theRunnerRefusesAConfigurationThatBreaksTheCatalogsEnergyInputSchemaNamingModelAndField()
      throws Exception {
    ObjectNode request = EnergyOutputs.exampleRequest().deepCopy();
    ((ObjectNode) request.path("configuration").path("generators").path(0)).put("capacity", -5);

    InvalidRequestException refused =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> EnergyPipelineSupport.run(new ProcessEngine(), dir, request));

    assertThat(refused.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.pointer()).isEqualTo("/configuration/generators/0/capacity");
              assertThat(e.models()).containsExactly("energy");
            });
  }
}
