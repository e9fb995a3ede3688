package io.modelrunner.testkit;

import static org.apiguardian.api.API.Status.STABLE;

import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.connector.ConnectorCheck;
import io.modelrunner.conformance.connector.ConnectorTarget;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.testkit.junit.Requirement;
import io.modelrunner.testkit.junit.Requirements;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector contract (docs/connector-contract.md) as JUnit 5 tests: extend it, say which
 * connector in {@link #connector()}, done. The connector is run for real, several times, through
 * the runner's Docker or process engine ({@code model-runner check connector}), and each clause
 * becomes one test named {@code "<id> <rule>"}. An image needs a Docker engine: without one the
 * tests are skipped (failed when {@code MODEL_RUNNER_REQUIRE_DOCKER=true}).
 *
 * <pre>{@code
 * class MyConnectorConformanceIT extends ConnectorConformance {
 *   protected ConnectorTarget connector() {
 *     return ConnectorTargetBuilder.image("my/model:1").input(Path.of("example.json")).build();
 *   }
 * }
 * }</pre>
 */
@API(status = STABLE, since = "0.1.0")
public abstract class ConnectorConformance {
  /** For subclasses. */
  protected ConnectorConformance() {}

  /** The connector to check, e.g. built with {@code ConnectorTargetBuilder}. */
  protected abstract ConnectorTarget connector() throws Exception;

  @TestFactory
  Stream<DynamicTest> theConnectorHonoursItsContract(@TempDir Path scratch) throws Exception {
    ConnectorTarget target = connector();
    if (target.engine() == ConnectorTarget.Engine.DOCKER) {
      DockerEngineConfig config =
          DockerEngineConfig.fromEnvironment("conformance", System.getenv());
      try (DockerEngine engine = new DockerEngine(config)) {
        Requirements.fromEnvironment()
            .require(
                Requirement.DOCKER,
                engine.ping(),
                "no Docker engine answers at "
                    + config.dockerHost()
                    + " to run "
                    + target.subject());
      }
    }
    CheckReport report =
        new ConnectorCheck(System.getenv(), scratch, new SchemaValidator()).check(target);
    return ClauseTests.of(report);
  }
}
