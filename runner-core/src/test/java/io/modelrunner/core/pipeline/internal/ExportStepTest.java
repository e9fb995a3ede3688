package io.modelrunner.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.support.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportStepTest {
  @TempDir Path dir;
  private Workspace workspace;
  private final ExportStep export = new ExportStep(new DeflatePool(2));

  @BeforeEach
  void workspace() throws Exception {
    workspace = new WorkspaceStep(dir).create("run-1", TestModels.configuration());
  }

  @Test
  void leavesOnlyTheZipBesideTheFoldersWithEveryEntryStagedAndWritten() throws Exception {
    // larger than the in-memory staging buffer once deflated: staged in a file
    Path big = workspace.output().resolve("series.csv");
    StringBuilder csv = new StringBuilder();
    for (int i = 0; csv.length() < 4_000_000; i++) {
      csv.append(i).append(',').append((i * 7919L) % 100_003).append('\n');
    }
    Files.writeString(big, csv);
    Files.writeString(workspace.output().resolve("data.json"), "{}");
    Files.writeString(workspace.log().resolve("container.log"), "hello\n");

    Path zip = export.export(workspace, collected("series.csv", "data.json"));

    assertThat(zip).isEqualTo(workspace.root().resolve(ExportStep.EXPORT_ZIP));
    assertThat(rootListing()).containsExactlyInAnyOrder("export.zip", "input", "output", "log");
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.stream().map(ZipEntry::getName))
          .containsExactly(
              "input/inputFile.json", "log/container.log", "output/data.json", "output/series.csv");
      ZipEntry series = z.getEntry("output/series.csv");
      assertThat(series.getCompressedSize()).isGreaterThan(DeflatedData.IN_MEMORY);
      try (var in = z.getInputStream(series)) {
        assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(big));
      }
    }
  }

  @Test
  void aFileReplacedByASymbolicLinkAfterCollectIsNotFollowedAndNothingIsLeft() throws Exception {
    Files.writeString(workspace.output().resolve("data.json"), "{}");
    Path secret = Files.writeString(dir.resolve("secret.txt"), "not for the zip");
    Path swapped = workspace.output().resolve("result.txt");
    Files.writeString(swapped, "collected");
    CollectedOutput collected = collected("data.json", "result.txt");
    Files.delete(swapped);
    Files.createSymbolicLink(swapped, secret);

    assertThatThrownBy(() -> export.export(workspace, collected))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("output/result.txt");
    assertThat(rootListing()).containsExactlyInAnyOrder("input", "output", "log");
  }

  private CollectedOutput collected(String... names) {
    return new CollectedOutput(
        Stream.of(names).map(n -> new OutputEntry(n, workspace.output().resolve(n))).toList(),
        List.of(),
        false);
  }

  private List<String> rootListing() throws IOException {
    try (Stream<Path> files = Files.list(workspace.root())) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }
}
