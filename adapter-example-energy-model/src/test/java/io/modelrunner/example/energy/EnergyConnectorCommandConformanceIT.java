package io.modelrunner.example.energy;

import io.modelrunner.conformance.connector.ConnectorTarget;
import io.modelrunner.conformance.connector.ConnectorTargetBuilder;
import io.modelrunner.testkit.ConnectorConformance;

/**
 * The energy connector as a command on the process engine ({@code examples/models.json}'s {@code
 * python3 connector.py}) against the connector contract, with its own schemas.
 */
class EnergyConnectorCommandConformanceIT extends ConnectorConformance {
  @Override
  protected ConnectorTarget connector() throws Exception {
    return ConnectorTargetBuilder.catalogEntry(EnergyExamples.catalog(), "energy")
        .onProcessEngine()
        .input(EnergyExamples.configuration())
        .build();
  }
}
