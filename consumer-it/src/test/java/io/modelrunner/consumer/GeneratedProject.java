package io.modelrunner.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.consumer.StagedMaven.MavenRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A project generated from a staged archetype, in a folder of its own under consumer-it's target,
 * and built by {@link StagedMaven}: what a model author does with it first.
 *
 * @param maven the Maven that generates and builds it
 * @param directory the project
 */
record GeneratedProject(StagedMaven maven, Path directory) {
  static final String GROUP_ID = "org.example.models";

  /**
   * Generates {@code artifactId} (package {@code org.example.models.<name>}) from the staged
   * archetype {@code archetypeArtifactId} in batch mode, with the archetype plugin pinned.
   */
  static GeneratedProject generate(
      StagedMaven maven, String archetypeArtifactId, String artifactId, String name)
      throws IOException, InterruptedException {
    Path work = Path.of(System.getProperty("consumer.work.dir")).resolve(artifactId);
    TreeDeletion.delete(work);
    java.nio.file.Files.createDirectories(work);
    MavenRun generate =
        maven.run(
            work,
            work.resolve("generate.log"),
            "org.apache.maven.plugins:maven-archetype-plugin:"
                + System.getProperty("archetype.version")
                + ":generate",
            "-DarchetypeGroupId=io.modelrunner",
            "-DarchetypeArtifactId=" + archetypeArtifactId,
            "-DarchetypeVersion=" + System.getProperty("model-runner.version"),
            "-DgroupId=" + GROUP_ID,
            "-DartifactId=" + artifactId,
            "-Dversion=1.0.0-SNAPSHOT",
            "-Dpackage=" + GROUP_ID + "." + name);
    succeeded(generate);
    System.out.printf(
        "%s: generated from %s in %s%n", artifactId, archetypeArtifactId, took(generate));
    return new GeneratedProject(maven, work.resolve(artifactId));
  }

  /** Runs {@code mvn verify} in it and checks that it passed. */
  MavenRun verify() throws IOException, InterruptedException {
    MavenRun verify = maven.run(directory, directory.resolveSibling("verify.log"), "verify");
    succeeded(verify);
    System.out.printf("%s: verify passed in %s%n", directory.getFileName(), took(verify));
    return verify;
  }

  /** Its test reports' totals. */
  TestReports reports() throws IOException {
    return TestReports.of(directory);
  }

  /** The artifactIds of the io.modelrunner artifacts in the local repository. */
  java.util.Set<String> modelRunnerArtifacts() throws IOException {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    modelRunnerOrigins().keySet().forEach(file -> ids.add(Path.of(file).getName(0).toString()));
    return ids;
  }

  /** Each io.modelrunner file of the local repository → the repository it was resolved from. */
  Map<String, String> modelRunnerOrigins() throws IOException {
    return ResolvedArtifacts.origins(maven.localRepository().resolve("io/modelrunner"));
  }

  private static void succeeded(MavenRun run) throws IOException {
    assertThat(run.exitCode())
        .as(
            "%s%nexited %d; the end of its output (all of it in %s):%n%s",
            run.command(), run.exitCode(), run.log(), run.tail(60))
        .isZero();
  }

  private static String took(MavenRun run) {
    return run.took().toSeconds() + " s";
  }
}
