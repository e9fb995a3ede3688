package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar model-runner.jar validate}, run as a real process. */
class ValidateCommandIT {
  private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples"));

  @Test
  void validExampleRequestExitsZeroAndPrintsNothing() throws Exception {
    var result =
        JarProcess.run(
            "validate", "--schema", "runner", EXAMPLES.resolve("request.json").toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void everyReferenceExampleValidates() throws Exception {
    Path reference = referenceDir();
    List<Path> requests;
    try (Stream<Path> files = Files.list(reference)) {
      requests =
          files.filter(p -> p.getFileName().toString().startsWith("test-job")).sorted().toList();
    }
    assertThat(requests).isNotEmpty();
    for (Path request : requests) {
      var result = JarProcess.run("validate", "-s", "runner", request.toString());
      assertThat(result.exitCode()).as(request + ": " + result.stdout() + result.stderr()).isZero();
    }
    var output =
        JarProcess.run(
            "validate", "--schema", "output", reference.resolve("valid-output.json").toString());
    assertThat(output.exitCode()).as(output.stdout() + output.stderr()).isZero();
  }

  @Test
  void invalidDocumentExitsOneWithOneLinePerErrorPointerFirst(@TempDir Path dir) throws Exception {
    String request =
        Files.readString(EXAMPLES.resolve("request.json"))
            .replace("\"id\": \"example-seir-ny\"", "\"id\": true")
            .replace("\"r0\": null", "\"r0\": \"high\"");
    Path bad = Files.writeString(dir.resolve("bad.json"), request);
    var result = JarProcess.run("validate", "--schema", "runner", bad.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdoutLines())
        .containsExactly(
            "/configuration/parameters/r0: must be a number or null, not a string",
            "/id: must be a string or a number, not a boolean");
  }

  @Test
  void emptyObjectIsInvalidForEverySchema(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "{}");
    for (String schema : List.of("runner", "input", "output")) {
      var result = JarProcess.run("validate", "--schema", schema, empty.toString());
      assertThat(result.exitCode()).as(schema).isEqualTo(1);
      assertThat(result.stdoutLines())
          .as(schema)
          .isNotEmpty()
          .allMatch(line -> line.matches("/\\w+: is required"));
    }
  }

  @Test
  void missingFileExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
    var result =
        JarProcess.run("validate", "--schema", "runner", dir.resolve("nope.json").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().strip())
        .startsWith("model-runner: no such file:")
        .doesNotContain("\n");
  }

  @Test
  void unreadableJsonExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"id\": ");
    var result = JarProcess.run("validate", "--schema", "input", broken.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().strip())
        .contains("not JSON")
        .doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void unknownSchemaExitsTwo(@TempDir Path dir) throws Exception {
    Path doc = Files.writeString(dir.resolve("doc.json"), "{}");
    var result = JarProcess.run("validate", "--schema", "nonsense", doc.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("schema file not found");
  }

  @Test
  void anotherDomainsSchemaFileCanBeUsed(@TempDir Path dir) throws Exception {
    Path schema =
        Files.writeString(
            dir.resolve("energy.json"), "{\"type\": \"object\", \"required\": [\"kwh\"]}");
    Path doc = Files.writeString(dir.resolve("doc.json"), "{\"mwh\": 1}");
    var result = JarProcess.run("validate", "--schema", schema.toString(), doc.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout().strip()).isEqualTo("/kwh: is required");
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    assertThat(JarProcess.run("validate").exitCode()).isEqualTo(2);
    assertThat(JarProcess.run("validate", "--schema").exitCode()).isEqualTo(2);
    assertThat(JarProcess.run("no-such-command").exitCode()).isEqualTo(2);
    assertThat(JarProcess.run().exitCode()).isEqualTo(2);
  }

  @Test
  void helpAndVersion() throws Exception {
    var help = JarProcess.run("validate", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("--schema", "FILE");
    var topHelp = JarProcess.run("--help");
    assertThat(topHelp.exitCode()).isZero();
    assertThat(topHelp.stdout()).contains("validate");
    var version = JarProcess.run("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout().strip()).matches("model-runner \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  private static Path referenceDir() throws IOException {
    String configured = System.getProperty("reference.dir", "");
    Path dir = Path.of(configured).toAbsolutePath().normalize();
    boolean present = !configured.isEmpty() && Files.isDirectory(dir);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("reference schemas missing in CI: " + dir);
    }
    Assumptions.assumeTrue(present, "reference schemas not found at " + dir);
    return dir;
  }
}
