package io.modelrunner.benchmarks.service;

import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.report.SuiteContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every service suite sets up: a copy of the runner's jar, the connector images, the models
 * catalog, a scratch folder of its own (emptied first), the callback sink and the engine's event
 * stream. Closing it stops the sink and the subscription; the scratch folder (node logs, databases,
 * stores) stays until the suite's next run, for a look after a failure.
 */
final class ServiceSetup implements AutoCloseable {
  final RunnerJar jar;
  final Path dir;
  final Path catalog;
  final CallbackSink sink;
  final DockerEvents events;
  final String java;
  final List<String> javaOptions;

  private ServiceSetup(
      RunnerJar jar,
      Path dir,
      Path catalog,
      CallbackSink sink,
      DockerEvents events,
      String java,
      List<String> javaOptions) {
    this.jar = jar;
    this.dir = dir;
    this.catalog = catalog;
    this.sink = sink;
    this.events = events;
    this.java = java;
    this.javaOptions = javaOptions;
  }

  static ServiceSetup open(SuiteContext ctx, String suiteId)
      throws IOException, InterruptedException {
    Path root = ctx.workDir().resolve("service");
    Path source =
        Path.of(ctx.options().getOrDefault("runner-jar", RunnerJar.DEFAULT)).toAbsolutePath();
    RunnerJar jar = RunnerJar.copy(source, root.resolve("jar"));
    BenchImages.build(root.resolve("images"));
    Path dir = root.resolve(suiteId);
    RawDocker.delete(dir);
    Files.createDirectories(dir);
    Path catalog = ServeNode.writeCatalog(dir);
    CallbackSink sink = new CallbackSink();
    DockerEvents events;
    try {
      events = DockerEvents.subscribe();
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
    ctx.log().printf("%s: runner jar %s (sha256 %s…)%n", suiteId, source, jar.sha256());
    String options = ctx.options().getOrDefault("serve-java-options", "").strip();
    List<String> javaOptions = options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    return new ServiceSetup(jar, dir, catalog, sink, events, ctx.javaExecutable(), javaOptions);
  }

  /**
   * Starts a node in {@code dir/name} and waits for it to be ready. {@code --serve-java-options
   * "..."} adds JVM options to every node (for a profile by hand, e.g. {@code
   * -XX:StartFlightRecording=filename=/tmp/{node}.jfr,settings=profile}; {@code {node}} is the
   * node's name); the report's numbers are taken without.
   */
  ServeNode node(String name, java.util.Map<String, String> config)
      throws IOException, InterruptedException {
    ServeNode node = ServeNode.start(name, java, javaOptions, jar, dir.resolve(name), config);
    try {
      return node.awaitReady(Duration.ofSeconds(120));
    } catch (IOException | InterruptedException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /**
   * {@code text} with the repository root's absolute path dropped, so that the report shows paths
   * as {@code benchmarks/target/bench-work/...}.
   */
  static String relative(String text) {
    return text.replace(Path.of("").toAbsolutePath() + "/", "");
  }

  /** A Docker engine that answers, with the base image of the connector images. */
  static List<Requirement> requirements() {
    return List.of(
        new Requirement(
            "a Docker engine with the image " + BenchImages.BASE,
            List.of("docker", "image", "inspect", BenchImages.BASE),
            "start Docker and build the base image (.ci/docker-setup.sh)"));
  }

  @Override
  public void close() {
    events.close();
    sink.close();
  }
}
