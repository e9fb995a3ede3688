package io.modelrunner.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A connector image project generated from the staged connector archetype: its conformance test
 * builds the image from the project's Dockerfile (on the local Python base) and passes every clause
 * of the connector contract, with the test kit from the staging repository only.
 */
@RequiresServer(StagingRepositoryDeployed.class)
@RequiresDocker(images = "local/python3:bookworm")
class ConnectorArchetypeIT {

  @Test
  void theGeneratedConnectorProjectBuildsItsImageAndPassesTheConnectorContract() throws Exception {
    StagedMaven maven = StagedMaven.ofThisBuild().prepare();
    GeneratedProject project =
        GeneratedProject.generate(
            maven, "model-runner-archetype-connector", "logistic-model", "logistic");

    StagedMaven.MavenRun build;
    try {
      build = project.verify();
    } finally {
      DockerImages.removeQuietly("logistic-model:latest");
    }

    assertThat(Files.readString(build.log()))
        .as("the build's output (%s): its logging has a provider", build.log())
        .doesNotContain("No SLF4J providers were found");
    TestReports reports = project.reports();
    assertThat(reports.failures()).as("failed conformance tests").isZero();
    assertThat(reports.passed()).as("conformance tests that passed").isGreaterThan(0);
    assertThat(project.modelRunnerArtifacts())
        .as("the model-runner artifacts the build resolved")
        .contains("model-runner-bom", "model-runner-testkit");
    assertThat(project.modelRunnerOrigins())
        .as("where each model-runner file was resolved from")
        .allSatisfy(
            (file, repository) ->
                assertThat(repository).as(file).isEqualTo(StagedMaven.STAGING_ID));
  }
}
