package io.modelrunner.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The consumer proof: a Java adapter project generated from the staged adapter archetype imports
 * model-runner-bom, compiles its adapter and passes its conformance test with model-runner from the
 * staging repository only; its Dockerfile builds on the local JRE base.
 */
@RequiresServer(StagingRepositoryDeployed.class)
@RequiresDocker(images = "local/jre17:bookworm")
class AdapterArchetypeIT {

  @Test
  void theGeneratedAdapterProjectBuildsFromTheStagedArtifactsAndPassesItsConformanceTest()
      throws Exception {
    StagedMaven maven = StagedMaven.ofThisBuild().prepare();
    GeneratedProject project =
        GeneratedProject.generate(
            maven, "model-runner-archetype-adapter", "growth-adapter", "growth");

    StagedMaven.MavenRun build = project.verify();

    assertThat(Files.readString(build.log()))
        .as("the build's output (%s): its logging has a provider", build.log())
        .doesNotContain("No SLF4J providers were found");
    TestReports reports = project.reports();
    assertThat(reports.failures()).as("failed conformance tests").isZero();
    assertThat(reports.passed()).as("conformance tests that passed").isGreaterThan(0);
    assertThat(project.modelRunnerArtifacts())
        .as("the model-runner artifacts the build resolved")
        .contains("model-runner-bom", "model-runner-adapter-sdk", "model-runner-testkit");
    assertThat(project.modelRunnerOrigins())
        .as("where each model-runner file was resolved from")
        .allSatisfy(
            (file, repository) ->
                assertThat(repository).as(file).isEqualTo(StagedMaven.STAGING_ID));
    Path jar = project.directory().resolve("target/growth-adapter.jar");
    assertThat(jar).isRegularFile();

    String tag = "model-runner-test/archetype-adapter:" + UUID.randomUUID();
    try (TestDocker docker = new TestDocker()) {
      docker
          .client()
          .buildImageCmd(project.directory().resolve("Dockerfile").toFile())
          .withTags(Set.of(tag))
          .withPull(false)
          .exec(new BuildImageResultCallback())
          .awaitImageId();
      assertThat(docker.exists(tag)).as("the image of the generated Dockerfile").isTrue();
      docker.client().removeImageCmd(tag).withForce(true).exec();
    }
  }
}
