package io.modelrunner.example.seir;

import io.modelrunner.conformance.connector.ConnectorTarget;
import io.modelrunner.conformance.connector.ConnectorTargetBuilder;
import io.modelrunner.testkit.ConnectorConformance;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;

/**
 * The SEIR connector image against the connector contract, one test per clause: it uses the
 * built-in input and output schemas, so the check sends the built-in epidemic example.
 */
// snippet:connector-conformance
@RequiresDocker(images = TestDocker.PYTHON)
class SeirConnectorConformanceIT extends ConnectorConformance {
  @Override
  protected ConnectorTarget connector() throws Exception {
    String image = SeirConnectorImage.build(); // model-runner/seir-connector:latest
    return ConnectorTargetBuilder.image(image).build();
  }
}
// end-snippet:connector-conformance
