package io.modelrunner.example.seir;

import io.modelrunner.conformance.connector.ConnectorTarget;
import io.modelrunner.conformance.connector.ConnectorTargetBuilder;
import io.modelrunner.testkit.ConnectorConformance;
import java.nio.file.Path;

/**
 * The SEIR connector as a command on the process engine ({@code examples/models.json}'s {@code
 * python3 connector.py}) against the connector contract, one test per clause.
 */
class SeirConnectorCommandConformanceIT extends ConnectorConformance {
  @Override
  protected ConnectorTarget connector() {
    Path catalog = Path.of(System.getProperty("examples.dir", "../examples"), "models.json");
    return ConnectorTargetBuilder.catalogEntry(catalog, "seir").onProcessEngine().build();
  }
}
