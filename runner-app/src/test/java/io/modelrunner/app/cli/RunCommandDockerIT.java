package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar model-runner.jar run --engine docker} on a busybox connector image built from
 * the local base image. Skipped without a Docker engine or that image; a failure where Docker is
 * required (CI).
 */
@RequiresDocker(images = RunCommandDockerIT.BASE)
class RunCommandDockerIT {
  static final String BASE = "local/busybox:1";
  private static final String IMAGE = "model-runner-test/cli-connector:1";
  static final String MODEL =
      """
      #!/bin/sh
      set -e
      echo "connector starting"
      M='[0,1]'
      printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
        "$(cat /data/input/inputFile.json)" $M $M $M $M $M $M $M $M $M $M $M > /data/output/data.json
      """;

  @BeforeAll
  static void image(@TempDir Path context) throws Exception {
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM "
            + BASE
            + "\nCOPY model.sh /model.sh\nRUN chmod 755 /model.sh\nENTRYPOINT [\"/model.sh\"]\n");
    Files.writeString(context.resolve("model.sh"), MODEL);
    assertThat(exec(List.of("docker", "build", "-q", "-t", IMAGE, context.toString()))).isZero();
  }

  @Test
  void dockerEngineRunsAConnectorImageEndToEnd(@TempDir Path dir) throws Exception {
    String request =
        Files.readString(Path.of(System.getProperty("examples.dir", "../examples"), "request.json"))
            .replace("model-runner/seir-connector:latest", IMAGE);
    Path requestFile = Files.writeString(dir.resolve("request.json"), request);

    var result =
        JarProcess.run(
            Map.of(),
            "run",
            requestFile.toString(),
            "--engine",
            "docker",
            "--store",
            dir.resolve("store").toString(),
            "--work-dir",
            dir.resolve("work").toString(),
            "--json");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("engine: docker");
    JsonNode line = JsonMappers.standard().readTree(result.stdoutLines().get(0));
    assertThat(line.path("status").asText()).isEqualTo("complete");
    assertThat(line.path("engine").asText()).isEqualTo("docker");
    assertThat(line.path("imageId").asText()).startsWith("sha256:");
    assertThat(Path.of(URI.create(line.path("resultsLocation").asText()))).isRegularFile();
    assertThat(Path.of(URI.create(line.path("exportLocation").asText()))).isRegularFile();
    assertThat(line.path("artifacts").toString()).contains("log/container.log");
  }

  private static int exec(List<String> command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (java.io.IOException e) {
      return -1; // no docker client
    }
  }
}
