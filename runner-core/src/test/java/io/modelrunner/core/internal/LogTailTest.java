package io.modelrunner.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path dir;

  private static final String OUT = "stdout";
  private static final String ERR = "stderr";

  @Test
  void keepsOnlyTheLastLines() {
    LogTail tail = new LogTail(3, 100);
    for (int i = 1; i <= 10; i++) {
      add(tail, OUT, "line " + i + "\n");
    }
    assertThat(tail.lines()).containsExactly("line 8", "line 9", "line 10");
  }

  @Test
  void includesAnUnterminatedLastLineAndDropsCarriageReturns() {
    LogTail tail = new LogTail(5, 100);
    add(tail, OUT, "one\r\ntw");
    add(tail, OUT, "o");
    assertThat(tail.lines()).containsExactly("one", "two");
  }

  @Test
  void cutsLongLines() {
    LogTail tail = new LogTail(5, 4);
    add(tail, OUT, "abcdefgh\nxy\n");
    assertThat(tail.lines()).containsExactly("abcd …", "xy");
  }

  @Test
  void splitsLinesPerStream() {
    LogTail tail = new LogTail(5, 100);
    add(tail, OUT, "half of a ");
    add(tail, ERR, "an error\n");
    add(tail, OUT, "line\n");
    assertThat(tail.lines()).containsExactly("an error", "half of a line");
  }

  @Test
  void keepsNothingWhenAskedForNoLines() {
    LogTail tail = new LogTail(0, 100);
    add(tail, OUT, "a\nb\n");
    assertThat(tail.lines()).isEmpty();
  }

  @Test
  void readsTheEndOfAFileDroppingTheLineTheWindowCuts() throws Exception {
    Path file = dir.resolve("container.log");
    Files.writeString(file, "first line\nsecond\nthird\n");

    assertThat(LogTail.ofFile(file, 5, 16, 100)).containsExactly("second", "third");
    assertThat(LogTail.ofFile(file, 1, 1024, 100)).containsExactly("third");
    assertThat(LogTail.ofFile(dir.resolve("missing"), 5, 16, 100)).isEmpty();
    assertThat(LogTail.read(dir.resolve("missing"), 5)).isEmpty();
  }

  @Test
  void streamsAWholeLogThroughTheTailCuttingLongLines() throws Exception {
    byte[] log = "a\nbbbbbbbb\nc".getBytes(StandardCharsets.UTF_8);

    assertThat(LogTail.ofStream(new ByteArrayInputStream(log), 2, 4))
        .containsExactly("bbbb …", "c");
  }

  private static void add(LogTail tail, String stream, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    tail.accept(stream, bytes, 0, bytes.length);
  }
}
