package io.modelrunner.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CappedLogTest {
  @TempDir Path dir;

  @Test
  void writesUpToTheCapThenTheMarkerOnceAndNothingMore() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CappedLog log = new CappedLog(out, 10, 0);

    write(log, "12345678");
    write(log, "abcdef");
    write(log, "dropped");

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("12345678ab" + String.format(CappedLog.TRUNCATED_MARKER, 10));
    assertThat(log.written()).isEqualTo(10);
    assertThat(log.capped()).isTrue();
  }

  @Test
  void bytesAlreadyInTheLogCountTowardsTheCap() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CappedLog log = new CappedLog(out, 10, 12);

    write(log, "x");

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(String.format(CappedLog.TRUNCATED_MARKER, 10));
  }

  @Test
  void appendingToAFileKeepsWhatIsThere() throws Exception {
    Path file = dir.resolve("container.log");
    Files.writeString(file, "before\n");

    try (CappedLog log = CappedLog.appendingTo(file, 4)) {
      write(log, "after");
    }

    assertThat(file)
        .content()
        .isEqualTo("before\nafte" + String.format(CappedLog.TRUNCATED_MARKER, 4));
  }

  private static void write(CappedLog log, String text) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    log.write(bytes, 0, bytes.length);
  }
}
