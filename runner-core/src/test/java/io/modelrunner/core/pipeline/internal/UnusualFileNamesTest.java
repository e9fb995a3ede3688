package io.modelrunner.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.pipeline.Artifact;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.core.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names a model may create that a zip entry, a store key, an HTTP header or a log line cannot
 * carry — CR, LF and other control characters, backslashes, invalid UTF-8, overlong and deeply
 * nested names — on real files: each such file is skipped with a warning, and every other output
 * and log file is still collected, exported and stored.
 */
class UnusualFileNamesTest {
  private static final String LONG = "x".repeat(200);

  @TempDir Path dir;
  private Workspace workspace;
  private final CollectStep collect =
      new CollectStep(new SchemaValidator().schema(SchemaName.OUTPUT));

  @BeforeEach
  void workspace() throws Exception {
    workspace = new WorkspaceStep(dir).create("run-1", TestModels.configuration());
    Path script = TestModels.script(dir.resolve("bin"), "write.sh", TestModels.WRITE_VALID_OUTPUT);
    ProcessBuilder builder = new ProcessBuilder(script.toString());
    builder.environment().put("MODEL_INPUT_DIR", workspace.input().toString());
    builder.environment().put("MODEL_OUTPUT_DIR", workspace.output().toString());
    assertThat(builder.inheritIO().start().waitFor()).isZero();
  }

  @Test
  void outputFilesWithNamesTheRunnerCannotCarryAreSkippedAndTheRestIsCollected() throws Exception {
    Path out = workspace.output();
    Files.writeString(out.resolve("good.csv"), "1,2");
    Files.writeString(out.resolve("données-été.csv"), "3,4");
    Files.writeString(out.resolve("line\nfeed.csv"), "x");
    Files.writeString(out.resolve("carriage\rreturn.csv"), "x");
    Files.writeString(out.resolve("back\\slash.csv"), "x");
    Files.writeString(out.resolve("esc\u001b[31mred.csv"), "x");
    Files.writeString(out.resolve("sep\u2028arator.csv"), "x");
    Files.createDirectories(out.resolve("evil\ndir"));
    Files.writeString(out.resolve("evil\ndir/inner.csv"), "x");
    Files.createDirectories(out.resolve(LONG).resolve(LONG));
    Files.writeString(out.resolve(LONG).resolve(LONG).resolve(LONG + ".csv"), "x");
    Path deep = out;
    for (int i = 0; i < FileNames.MAX_DEPTH + 3; i++) {
      deep = Files.createDirectories(deep.resolve("d"));
    }
    Files.writeString(deep.resolve("deep.csv"), "x");
    createWithInvalidUtf8Name(out, "bad", ".csv");

    CollectedOutput collected = collect.collect(workspace);

    assertThat(collected.files())
        .extracting(OutputEntry::name)
        .containsExactly("data.json", "données-été.csv", "good.csv");
    assertThat(collected.skipped())
        .contains(
            "line\\nfeed.csv: a name with a control character",
            "carriage\\rreturn.csv: a name with a control character",
            "back\\\\slash.csv: a name with a backslash",
            "esc\\x1b[31mred.csv: a name with a control character",
            "sep\\u2028arator.csv: a name with a line separator",
            "evil\\ndir/: a name with a control character (skipped with everything in it)",
            "bad\uFFFD.csv: a name that is not valid UTF-8")
        .anyMatch(s -> s.endsWith(": a name longer than 512 bytes"))
        .anyMatch(
            s -> s.endsWith("/: nested deeper than 32 folders (skipped with everything in it)"))
        .hasSize(9)
        .allSatisfy(s -> assertThat(s).doesNotContain("\n", "\r", "\u001b", "\u2028"));
    assertThat(String.join("", collected.skipped())).doesNotContain("inner.csv");

    Path zip = new ExportStep(new DeflatePool(2)).export(workspace, collected);
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.stream().map(e -> e.getName()).toList())
          .containsExactly(
              "input/inputFile.json",
              "output/data.json",
              "output/données-été.csv",
              "output/good.csv");
    }
  }

  @Test
  void logFilesWithSuchNamesAreSkippedWithAWarningAndEveryOtherLogIsStored() throws Exception {
    Path log = workspace.log();
    Files.writeString(workspace.containerLog(), "model output\n");
    Files.writeString(log.resolve("ok.log"), "fine\n");
    String longest = "é".repeat(125) + ".log"; // 254 bytes: as long as a file name can be
    Files.writeString(log.resolve(longest), "long but fine\n");
    Files.writeString(log.resolve("crlf\r\n.log"), "lost\n");
    Files.writeString(log.resolve("tab\t.log"), "lost\n");
    Files.createDirectories(log.resolve(LONG).resolve(LONG));
    Files.writeString(log.resolve(LONG).resolve(LONG).resolve(LONG + ".log"), "lost\n");
    createWithInvalidUtf8Name(log, "latin1-caf", ".log");

    CollectedOutput collected = collect.collect(workspace);
    assertThat(collected.skipped())
        .contains(
            "log/crlf\\r\\n.log: a name with a control character",
            "log/tab\\t.log: a name with a control character",
            "log/latin1-caf\uFFFD.log: a name that is not valid UTF-8")
        .anyMatch(s -> s.startsWith("log/xxx") && s.endsWith("a name longer than 512 bytes"))
        .hasSize(4);

    FileSystemResultStore store = new FileSystemResultStore(dir.resolve("store"));
    List<Artifact> logs = new StoreStep(store).storeLogs("simulation-runs/abc", workspace);
    assertThat(logs)
        .extracting(Artifact::name)
        .containsExactlyInAnyOrder("log/container.log", "log/ok.log", "log/" + longest);
    assertThat(store.root().resolve("simulation-runs/abc/private/log/ok.log")).hasContent("fine");

    Path zip = new ExportStep(new DeflatePool(2)).export(workspace, collected);
    List<Artifact> all = new StoreStep(store).storeResults("simulation-runs/abc", workspace, zip);
    assertThat(all)
        .extracting(Artifact::name)
        .containsExactlyInAnyOrder(
            "data.json", "export.zip", "log/container.log", "log/ok.log", "log/" + longest);
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.stream().map(e -> e.getName()).toList())
          .containsExactly(
              "input/inputFile.json",
              "log/container.log",
              "log/ok.log",
              "log/" + longest,
              "output/data.json");
    }
  }

  @Test
  void aManifestListingSuchANameIsAnInvalidEntryShownEscaped() throws Exception {
    Files.writeString(
        workspace.output().resolve("manifest.json"),
        "{\"files\":[\"a\\nb.csv\",\"" + LONG + "/" + LONG + "/" + LONG + "\",\"s\\u2029p\"]}");

    assertThatThrownBy(() -> collect.collect(workspace))
        .isInstanceOfSatisfying(
            StepFailure.class,
            f -> {
              assertThat(f.reason().kind()).isEqualTo(Kind.INVALID_OUTPUT);
              assertThat(f.reason().errors())
                  .contains(
                      "a\\nb.csv: not a relative path inside output/",
                      "s\\u2029p: a name with a line separator")
                  .anyMatch(e -> e.endsWith("a name longer than 512 bytes"))
                  .allSatisfy(e -> assertThat(e).doesNotContain("\n", "\u2029"));
            });
  }

  @Test
  void printableEscapesAndShortens() {
    assertThat(FileNames.printable("a\r\nb\\c\u0000\u0085\u202e.txt"))
        .isEqualTo("a\\r\\nb\\\\c\\x00\\x85\\u202e.txt");
    assertThat(FileNames.printable("y".repeat(500))).startsWith("y".repeat(120) + "… (500 bytes");
    assertThat(FileNames.problem("plain/name.csv")).isEmpty();
    assertThat(FileNames.problem("emoji-\uD83D\uDE00.csv")).isEmpty();
    assertThat(FileNames.problem("lone-\uD83D.csv")).contains("a name that is not valid UTF-8");
  }

  /** Creates an empty file named {@code prefix} + byte 0xE9 (Latin-1 é, not UTF-8) + suffix. */
  private static void createWithInvalidUtf8Name(Path folder, String prefix, String suffix)
      throws Exception {
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "cd \"$1\" && : > \"$2$(printf '\\351')$3\"",
                "sh",
                folder.toString(),
                prefix,
                suffix)
            .inheritIO()
            .start();
    assertThat(p.waitFor()).isZero();
    try (var names = Files.list(folder)) {
      assertThat(names.map(n -> n.getFileName().toString())).contains(prefix + "\uFFFD" + suffix);
    }
  }
}
