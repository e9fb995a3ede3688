package io.modelrunner.engine.slurm.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.EngineException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlurmJobsTest {
  @Test
  void knownOptionsPass() {
    assertThatCode(
            () ->
                SlurmJobs.checkOptions(
                    Map.of("partition", "long", "qos", "low", "nice", "10"), "model m"))
        .doesNotThrowAnyException();
  }

  @Test
  void anUnknownOptionIsRefusedWithTheListOfKnownOnes() {
    assertThatThrownBy(() -> SlurmJobs.checkOptions(Map.of("partitoin", "long"), "model m"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("model m")
        .hasMessageContaining("\"partitoin\"")
        .hasMessageContaining("partition, qos, reservation");
  }

  @Test
  void aNumericOptionMustBeAWholeNumber() {
    assertThatThrownBy(() -> SlurmJobs.checkOptions(Map.of("nice", "high"), "model m"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("whole number");
  }
}
