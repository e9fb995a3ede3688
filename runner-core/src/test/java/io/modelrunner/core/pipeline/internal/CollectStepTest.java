package io.modelrunner.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectStepTest {
  @TempDir Path dir;
  private Workspace workspace;
  private final CollectStep collect =
      new CollectStep(new SchemaValidator().schema(SchemaName.OUTPUT));

  @BeforeEach
  void workspace() throws Exception {
    workspace = new WorkspaceStep(dir).create("run-1", TestModels.configuration());
  }

  @Test
  void scansOutputAndValidatesDataJson() throws Exception {
    writeValidOutput();
    Files.createDirectories(workspace.output().resolve("charts"));
    Files.writeString(workspace.output().resolve("charts/cases.csv"), "1,2");

    CollectedOutput collected = collect.collect(workspace);

    assertThat(collected.fromManifest()).isFalse();
    assertThat(collected.files())
        .extracting(OutputEntry::name)
        .containsExactly("charts/cases.csv", "data.json");
    assertThat(collected.skipped()).isEmpty();
  }

  @Test
  void rejectsSymlinkThatEscapesOutputDir() throws Exception {
    writeValidOutput();
    Files.createSymbolicLink(workspace.output().resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(workspace.output().resolve("etc"), Path.of("/etc"));

    CollectedOutput collected = collect.collect(workspace);

    assertThat(collected.files()).extracting(OutputEntry::name).containsExactly("data.json");
    assertThat(collected.skipped())
        .containsExactly(
            "etc: a symbolic link (never followed)", "passwd: a symbolic link (never followed)");
    Path zip = new ExportStep(new DeflatePool(2)).export(workspace, collected);
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.stream().map(e -> e.getName()).toList())
          .containsExactly("input/inputFile.json", "output/data.json")
          .noneMatch(name -> name.contains("passwd"));
    }
  }

  @Test
  void manifestListedSymlinkIsSkippedAndNotFollowed() throws Exception {
    writeValidOutput();
    Files.createSymbolicLink(workspace.output().resolve("passwd"), Path.of("/etc/passwd"));
    Files.writeString(workspace.output().resolve("extra.txt"), "x");
    Files.writeString(workspace.output().resolve("not-listed.txt"), "y");
    Files.writeString(
        workspace.output().resolve("manifest.json"),
        "{\"files\":[{\"path\":\"extra.txt\",\"mediaType\":\"text/plain\"},\"passwd\"]}");

    CollectedOutput collected = collect.collect(workspace);

    assertThat(collected.fromManifest()).isTrue();
    assertThat(collected.files())
        .extracting(OutputEntry::name)
        .containsExactly("data.json", "extra.txt", "manifest.json");
    assertThat(collected.skipped()).containsExactly("passwd: a symbolic link (never followed)");
  }

  @Test
  void manifestPathsMustStayInsideOutput() throws Exception {
    writeValidOutput();
    Files.writeString(
        workspace.output().resolve("manifest.json"),
        "{\"files\":[\"../input/inputFile.json\",\"/etc/passwd\",\"gone.txt\",7]}");

    assertThatThrownBy(() -> collect.collect(workspace))
        .isInstanceOfSatisfying(
            StepFailure.class,
            f -> {
              assertThat(f.reason().kind()).isEqualTo(Kind.INVALID_OUTPUT);
              assertThat(f.reason().errors())
                  .containsExactly(
                      "manifest entry 7: neither a path nor an object with a \"path\"",
                      "../input/inputFile.json: not a relative path inside output/",
                      "/etc/passwd: not a relative path inside output/",
                      "gone.txt: listed in the manifest but missing");
            });
  }

  @Test
  void dataJsonThatIsASymlinkCountsAsMissing() throws Exception {
    Path real = Files.writeString(dir.resolve("elsewhere.json"), "{}");
    Files.createSymbolicLink(workspace.output().resolve("data.json"), real);

    assertThatThrownBy(() -> collect.collect(workspace))
        .isInstanceOfSatisfying(
            StepFailure.class,
            f -> {
              assertThat(f.reason().kind()).isEqualTo(Kind.INVALID_OUTPUT);
              assertThat(f.reason().message()).contains("no output/data.json");
              assertThat(f.reason().errors())
                  .containsExactly("data.json: a symbolic link (never followed)");
            });
  }

  @Test
  void dataJsonThatIsNotJsonIsInvalidOutput() throws Exception {
    Files.writeString(workspace.output().resolve("data.json"), "{not json");
    assertThatThrownBy(() -> collect.collect(workspace))
        .isInstanceOfSatisfying(
            StepFailure.class,
            f -> {
              assertThat(f.reason().kind()).isEqualTo(Kind.INVALID_OUTPUT);
              assertThat(f.reason().message()).contains("is not JSON");
            });
  }

  @Test
  void dataJsonThatBreaksTheSchemaListsTheErrors() throws Exception {
    Files.writeString(workspace.output().resolve("data.json"), "{\"metadata\":{}}");
    assertThatThrownBy(() -> collect.collect(workspace))
        .isInstanceOfSatisfying(
            StepFailure.class,
            f -> {
              assertThat(f.reason().kind()).isEqualTo(Kind.INVALID_OUTPUT);
              assertThat(f.reason().errors())
                  .contains("/aggregate: is required", "/time: is required");
            });
  }

  @Test
  void anotherDomainsOutputSchemaCanBeConfigured() throws Exception {
    Path schema =
        Files.writeString(
            dir.resolve("energy.json"), "{\"type\":\"object\",\"required\":[\"kwh\"]}");
    var energy = new CollectStep(new SchemaValidator().load(schema));
    Files.writeString(workspace.output().resolve("data.json"), "{\"kwh\": 3}");
    assertThat(energy.collect(workspace).files())
        .extracting(OutputEntry::name)
        .containsExactly("data.json");
  }

  @Test
  void withoutAnOutputSchemaAnyJsonDocumentIsAcceptedButNotJsonIsNot() throws Exception {
    Files.writeString(workspace.output().resolve("data.json"), "[1, \"two\", null]");
    assertThat(collect.collect(workspace, Optional.empty()).files())
        .extracting(OutputEntry::name)
        .containsExactly("data.json");
    // the built-in output schema would refuse it
    assertThatThrownBy(() -> collect.collect(workspace)).isInstanceOf(StepFailure.class);

    Files.writeString(workspace.output().resolve("data.json"), "{not json");
    assertThatThrownBy(() -> collect.collect(workspace, Optional.empty()))
        .isInstanceOfSatisfying(
            StepFailure.class,
            f -> {
              assertThat(f.reason().kind()).isEqualTo(Kind.INVALID_OUTPUT);
              assertThat(f.reason().message()).contains("data.json is not JSON");
            });
  }

  @Test
  void specialFilesAreReportedAndSkipped() throws Exception {
    writeValidOutput();
    Path fifo = workspace.output().resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    CollectedOutput collected = collect.collect(workspace);

    assertThat(collected.files()).extracting(OutputEntry::name).containsExactly("data.json");
    assertThat(collected.skipped()).isEqualTo(List.of("pipe: not a regular file"));
  }

  private void writeValidOutput() throws Exception {
    Path script = TestModels.script(dir.resolve("bin"), "write.sh", TestModels.WRITE_VALID_OUTPUT);
    ProcessBuilder builder = new ProcessBuilder(script.toString());
    builder.environment().put("MODEL_INPUT_DIR", workspace.input().toString());
    builder.environment().put("MODEL_OUTPUT_DIR", workspace.output().toString());
    builder.environment().put("MODEL_LOG_DIR", workspace.log().toString());
    assertThat(builder.inheritIO().start().waitFor()).isZero();
  }
}
