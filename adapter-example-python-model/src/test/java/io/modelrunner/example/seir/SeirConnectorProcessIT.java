package io.modelrunner.example.seir;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.core.pipeline.RunResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example request on the process engine: the catalog's {@code python3 connector.py}. */
class SeirConnectorProcessIT {
  @TempDir Path dir;

  @Test
  void theExampleRequestRunsThroughTheProcessEngine() throws Exception {
    RunResult result = SeirPipelineSupport.runExample(new ProcessEngine(), dir);

    SeirPipelineSupport.assertCompleteAndValid(result);
    assertThat(result.identity().engine()).isEqualTo("process");
  }
}
