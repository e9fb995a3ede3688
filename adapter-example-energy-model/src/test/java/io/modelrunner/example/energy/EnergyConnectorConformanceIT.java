package io.modelrunner.example.energy;

import io.modelrunner.conformance.connector.ConnectorTarget;
import io.modelrunner.conformance.connector.ConnectorTargetBuilder;
import io.modelrunner.testkit.ConnectorConformance;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;

/**
 * The energy connector image against the connector contract, judged with its own schemas (from
 * {@code examples/models.json}) and the configuration of {@code examples/energy-request.json}.
 */
@RequiresDocker(images = TestDocker.PYTHON)
class EnergyConnectorConformanceIT extends ConnectorConformance {
  @Override
  protected ConnectorTarget connector() throws Exception {
    EnergyConnectorImage.build();
    // snippet:catalog-entry-conformance
    return ConnectorTargetBuilder.catalogEntry(EnergyExamples.catalog(), "energy")
        .input(EnergyExamples.configuration())
        .build();
    // end-snippet:catalog-entry-conformance
  }
}
