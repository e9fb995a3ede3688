package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.testing.ContractModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-model contracts in the CLI ({@code java -jar model-runner.jar}): {@code validate --request}
 * and {@code run} check a request as the service does, with the same error lines as the service's
 * 422 (ModelContractsIT), and {@code run} takes a model's own configuration and output.
 */
class ModelContractsCliIT {
  @TempDir Path dir;
  private Path catalog;

  @BeforeEach
  void write() throws Exception {
    catalog = ContractModels.write(dir);
  }

  @Test
  void validateRequestPrintsTheServicesErrorsForAConfigurationTheModelRefuses() throws Exception {
    Path bad =
        request("bad.json", ContractModels.BAD_TALLY_CONFIGURATION, "tally", "x", "free", "y");
    var result =
        JarProcess.run("validate", "--request", "--models", catalog.toString(), bad.toString());
    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
    assertThat(result.stdoutLines()).isEqualTo(ContractModels.BAD_TALLY_ERRORS);
  }

  @Test
  void validateRequestAcceptsTheModelsOwnConfiguration() throws Exception {
    Path good = request("good.json", ContractModels.TALLY_CONFIGURATION, "tally", "x");
    var result =
        JarProcess.run("validate", "--request", "--models", catalog.toString(), good.toString());
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    // without the catalog, the model is a standard (epidemic) one
    var standard = JarProcess.run("validate", "--request", good.toString());
    assertThat(standard.exitCode()).isEqualTo(1);
    assertThat(standard.stdoutLines())
        .contains("/configuration/region: is required (input schema of model tally)");
  }

  @Test
  void runRefusesTheSameRequestWithTheSameLinesAndRunsNothing() throws Exception {
    Path bad = request("bad.json", ContractModels.BAD_TALLY_CONFIGURATION, "tally", "x");
    var result = run(bad);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("not a valid run request");
    for (String line : ContractModels.BAD_TALLY_ERRORS) {
      assertThat(result.stderr()).contains("  " + line);
    }
    assertThat(dir.resolve("work")).doesNotExist();
  }

  @Test
  void runCompletesAModelOnItsOwnConfigurationAndOutputSchema() throws Exception {
    Path good = request("good.json", ContractModels.TALLY_CONFIGURATION, "tally", "x");
    var result = run(good);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("tally: complete");

    Path broken = request("broken.json", ContractModels.TALLY_CONFIGURATION, "tally-broken", "x");
    var failed = run(broken);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stdout()).contains("tally-broken: failed", "tally-output.schema.json");
  }

  private Path request(String name, String configuration, String... slugAndImage) throws Exception {
    return Files.writeString(
        dir.resolve(name), ContractModels.request("cli-" + name, configuration, slugAndImage));
  }

  private JarProcess.Result run(Path request) throws Exception {
    return JarProcess.run(
        "run",
        request.toString(),
        "--engine",
        "process",
        "--models",
        catalog.toString(),
        "--store",
        dir.resolve("store").toString(),
        "--work-dir",
        dir.resolve("work").toString());
  }
}
