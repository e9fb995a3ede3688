package io.modelrunner.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/github-actions/run-simulation.yml: its shape (a {@code repository_dispatch} trigger, a
 * matrix of the payload's models, the CLI run with {@code --model}, input/output/log uploaded), and
 * the {@code run:} steps of one matrix job run with bash against the local Docker engine, with the
 * built tarball in place of the download and a two-model request as the payload.
 */
@RequiresDocker(images = TestDocker.BUSYBOX)
class GithubActionsWorkflowIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.+?)\\s*}}");
  private static final String CONNECTOR =
      """
      #!/bin/sh
      set -e
      echo "connector starting"
      M='[0,1]'
      printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
        "$(cat /data/input/inputFile.json)" $M $M $M $M $M $M $M $M $M $M $M > /data/output/data.json
      """;

  private static String image;

  @TempDir Path workspace;

  @BeforeAll
  static void connectorImage() throws IOException {
    try (TestDocker docker = new TestDocker()) {
      image =
          docker.image(
              "workflow-connector",
              Map.of(
                  "Dockerfile",
                  "FROM "
                      + TestDocker.BUSYBOX
                      + "\nCOPY model.sh /model.sh\nRUN chmod 755 /model.sh\n"
                      + "ENTRYPOINT [\"/model.sh\"]\n",
                  "model.sh",
                  CONNECTOR));
    }
  }

  private static JsonNode workflow() throws IOException {
    return YAML.readTree(
        Installed.repositoryRoot().resolve("examples/github-actions/run-simulation.yml").toFile());
  }

  private static JsonNode job(JsonNode workflow) {
    assertThat(workflow.path("jobs").size()).as("one job, run once per model").isEqualTo(1);
    return workflow.path("jobs").elements().next();
  }

  @Test
  void workflowIsARepositoryDispatchWithAMatrixOfThePayloadsModels() throws IOException {
    JsonNode workflow = workflow();
    JsonNode job = job(workflow);

    assertThat(texts(workflow.path("on").path("repository_dispatch").path("types")))
        .containsExactly("run-simulation");
    assertThat(job.path("strategy").path("matrix").path("model").asText())
        .isEqualTo("${{ github.event.client_payload.models }}");
    assertThat(job.path("strategy").path("fail-fast").asBoolean(true)).isFalse();

    List<String> runs = new ArrayList<>();
    List<String> uploads = new ArrayList<>();
    for (JsonNode step : job.path("steps")) {
      if (step.has("run")) {
        runs.add(step.path("run").asText());
      }
      if (step.path("uses").asText().startsWith("actions/upload-artifact@")) {
        assertThat(step.path("if").asText())
            .as("uploaded also after a failure")
            .contains("always()");
        uploads.add(step.path("with").path("path").asText());
      }
    }
    assertThat(runs)
        .anySatisfy(run -> assertThat(run).contains("tar -xzf model-runner.tar.gz"))
        .anySatisfy(
            run ->
                assertThat(run)
                    .contains("model-runner/bin/model-runner run request.json")
                    .contains("--model \"$MODEL_SLUG\""));
    assertThat(job.path("steps").findValues("MODEL_SLUG").stream().map(JsonNode::asText).toList())
        .containsExactly("${{ matrix.model.slug }}");
    assertThat(uploads).containsExactly("input", "output", "log");
  }

  @Test
  void runStepsOfOneMatrixJobRunItsModelOnlyAndLeaveInputOutputAndLog() throws Exception {
    ObjectNode request =
        (ObjectNode)
            JSON.readTree(Installed.repositoryRoot().resolve("examples/request.json").toFile());
    ArrayNode models = request.putArray("models");
    models.addObject().put("slug", "seir").put("imageURL", image);
    models.addObject().put("slug", "not-this-job").put("imageURL", "model-runner-test/absent:1");
    JsonNode matrixModel = models.get(0);

    JsonNode job = job(workflow());
    Map<String, String> expressions = new HashMap<>();
    expressions.put("vars.MODEL_RUNNER_DIST_URL", Installed.tarball().toUri().toString());
    expressions.put("toJson(github.event.client_payload)", JSON.writeValueAsString(request));
    expressions.put("matrix.model.slug", matrixModel.path("slug").asText());
    expressions.put("vars.MODEL_RUNNER_KEEP_ARTIFACTS || 'input,output,log'", "input,output,log");

    Map<String, String> jobEnv = env(job.path("env"), expressions);
    boolean failed = false;
    List<String> ran = new ArrayList<>();
    for (JsonNode step : job.path("steps")) {
      if (!step.has("run") || (failed && !step.path("if").asText().contains("always()"))) {
        continue;
      }
      Map<String, String> env = new HashMap<>(jobEnv);
      env.putAll(env(step.path("env"), expressions));
      String script = substitute(step.path("run").asText(), expressions);
      int status = bash(script, env, ran.size());
      ran.add(step.path("name").asText() + " -> " + status);
      failed |= status != 0;
    }

    String logs = stepLogs(ran.size());
    assertThat(ran).as(logs).allSatisfy(line -> assertThat(line).endsWith("-> 0"));
    assertThat(ran).as(logs).hasSize(4);
    JsonNode result = JSON.readTree(workspace.resolve("result.json").toFile());
    assertThat(result.path("modelSlug").asText()).isEqualTo("seir");
    assertThat(result.path("status").asText()).isEqualTo("complete");
    assertThat(Files.readAllLines(workspace.resolve("result.json")))
        .as("only the matrix job's model ran")
        .hasSize(1);
    // what the upload steps upload
    assertThat(workspace.resolve("input/inputFile.json")).isRegularFile();
    assertThat(JSON.readTree(workspace.resolve("output/data.json").toFile()).path("metadata"))
        .isEqualTo(request.path("configuration"));
    assertThat(workspace.resolve("log/container.log")).content().contains("connector starting");
    assertThat(workspace.resolve("results/simulation-runs")).isDirectory();
  }

  private Map<String, String> env(JsonNode env, Map<String, String> expressions) {
    Map<String, String> values = new HashMap<>();
    env.fields()
        .forEachRemaining(
            e -> values.put(e.getKey(), substitute(e.getValue().asText(), expressions)));
    return values;
  }

  /**
   * {@code ${{ … }}} replaced by its test value; {@code secrets.*} and other {@code vars.*} are
   * unset (empty), as on a repository without them. An expression the test does not know fails it.
   */
  private static String substitute(String text, Map<String, String> expressions) {
    Matcher m = EXPRESSION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String expression = m.group(1);
      String value = expressions.get(expression);
      if (value == null) {
        assertThat(expression)
            .as("an expression this test gives no value")
            .matches("(secrets|vars)\\.[A-Z_]+");
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Runs a step's script as GitHub's {@code shell: bash} does, in the workspace. */
  private int bash(String script, Map<String, String> env, int index)
      throws IOException, InterruptedException {
    Path file = Files.writeString(workspace.resolve(".step-" + index + ".sh"), script);
    ProcessBuilder builder =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", file.toString())
            .directory(workspace.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workspace.resolve(".step-" + index + ".log").toFile());
    builder.environment().putAll(env);
    builder.environment().put("GITHUB_RUN_ID", "4242");
    builder.environment().put("GITHUB_WORKSPACE", workspace.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("DOCKER_CONFIG", workspace.resolve(".docker").toString());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  private String stepLogs(int steps) throws IOException {
    StringBuilder logs = new StringBuilder();
    for (int i = 0; i < steps; i++) {
      logs.append("--- step ").append(i).append('\n');
      logs.append(
          Files.readString(workspace.resolve(".step-" + i + ".log"), StandardCharsets.UTF_8));
    }
    return logs.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
