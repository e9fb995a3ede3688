package ${package};

import com.github.dockerjava.api.command.BuildImageResultCallback;
import io.modelrunner.conformance.connector.ConnectorTarget;
import io.modelrunner.conformance.connector.ConnectorTargetBuilder;
import io.modelrunner.testkit.ConnectorConformance;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The connector image, built from this project's Dockerfile, through every clause of model-runner's
 * connector contract (one test per clause): run for real by the Docker engine, with the catalog
 * entry of models.json (image and schemas) and example-input.json as the valid input. Without a
 * Docker engine the tests are skipped (failed when MODEL_RUNNER_REQUIRE_DOCKER=true).
 */
@RequiresDocker(images = "local/python3:bookworm")
class ModelConnectorConformanceIT extends ConnectorConformance {
  private static final Path CATALOG = Path.of("models.json");
  private static final String SLUG = "${artifactId}";

  @Override
  protected ConnectorTarget connector() {
    ConnectorTarget target =
        ConnectorTargetBuilder.catalogEntry(CATALOG, SLUG)
            .input(Path.of("example-input.json"))
            .build();
    buildImage(target.launch().image());
    return target;
  }

  /** Builds the image from the Dockerfile, tagged as the catalog entry names it. */
  private static void buildImage(String tag) {
    try (TestDocker docker = new TestDocker()) {
      docker
          .client()
          .buildImageCmd(Path.of("Dockerfile").toAbsolutePath().toFile())
          .withTags(Set.of(tag))
          .withPull(false)
          .exec(new BuildImageResultCallback())
          .awaitImageId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
