package io.modelrunner.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmTokenTest {
  @TempDir Path temp;

  @Test
  void aTokenFileIsReadAgainWhenItChanges() throws Exception {
    Path file = temp.resolve("token");
    Files.writeString(file, "SLURM_JWT=first\n");
    SlurmToken token = SlurmToken.fromFile(file);
    assertThat(token.current()).isEqualTo("first");

    Files.writeString(file, "second\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(token.current()).isEqualTo("second");
  }

  @Test
  void aRefusedTokenMakesTheFileBeReadAgainEvenWithTheSameTime() throws Exception {
    Path file = temp.resolve("token");
    Files.writeString(file, "first");
    FileTime time = Files.getLastModifiedTime(file);
    SlurmToken token = SlurmToken.fromFile(file);
    token.current();
    Files.writeString(file, "renewed");
    Files.setLastModifiedTime(file, time);

    token.refused();

    assertThat(token.current()).isEqualTo("renewed");
  }

  @Test
  void theTokenNeverAppearsInItsDescription() throws Exception {
    Path file = temp.resolve("token");
    Files.writeString(file, "s3cr3t-jwt");
    assertThat(SlurmToken.of("s3cr3t-jwt").toString()).doesNotContain("s3cr3t");
    assertThat(SlurmToken.fromFile(file).toString())
        .doesNotContain("s3cr3t")
        .contains(file.toString());
  }

  @Test
  void anEmptyOrMissingTokenFileIsAClearError() throws Exception {
    Path empty = Files.writeString(temp.resolve("empty"), "\n");
    assertThatThrownBy(() -> SlurmToken.fromFile(empty).current())
        .isInstanceOf(SlurmException.class)
        .hasMessageContaining("slurm.token-file")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> SlurmToken.fromFile(temp.resolve("missing")).current())
        .isInstanceOf(SlurmException.class)
        .hasMessageContaining("cannot read");
  }
}
