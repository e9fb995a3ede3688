package io.modelrunner.core.engine.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.modelrunner.core.internal.CappedLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSinkTest {
  @TempDir Path dir;

  private static Frame stdout(String text) {
    return new Frame(StreamType.STDOUT, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void appendingKeepsWhatWasThereWritesTheFirstLineAndStartsTheTailWithTheOldLines()
      throws Exception {
    Path file = dir.resolve("container.log");
    Files.writeString(file, "one\ntwo"); // cut off mid-line by the crash

    LogSink sink = LogSink.appending(file, 1024, 10, "--- restarted ---");
    sink.onNext(stdout("three\n"));
    sink.finish();

    assertThat(file).hasContent("one\ntwo\n--- restarted ---\nthree\n");
    assertThat(sink.tail()).containsExactly("one", "two", "--- restarted ---", "three");
  }

  @Test
  void appendingCountsTheBytesAlreadyThereTowardsTheCap() throws Exception {
    Path file = dir.resolve("container.log");
    Files.writeString(file, "x".repeat(95) + "\n");

    LogSink sink = LogSink.appending(file, 100, 10, "--- restarted ---");
    sink.onNext(stdout("abcdefgh\n"));
    sink.finish();

    assertThat(sink.truncated()).isTrue();
    assertThat(Files.readString(file))
        .endsWith("--- restarted ---\nabcd" + String.format(CappedLog.TRUNCATED_MARKER, 100));
  }

  @Test
  void appendingCreatesAMissingFile() throws Exception {
    Path file = dir.resolve("container.log");
    LogSink sink = LogSink.appending(file, 100, 10, "--- restarted ---");
    sink.finish();
    assertThat(file).hasContent("--- restarted ---\n");
  }

  @Test
  void appendingNeverFollowsASymbolicLinkTheModelLeftThere() throws Exception {
    Path target = Files.writeString(dir.resolve("elsewhere.txt"), "not the model's\n");
    Path file = Files.createSymbolicLink(dir.resolve("container.log"), target);

    LogSink sink = LogSink.appending(file, 100, 10, "--- restarted ---");
    sink.finish();

    assertThat(target).hasContent("not the model's\n");
    assertThat(Files.isSymbolicLink(file)).isFalse();
    assertThat(file).hasContent("--- restarted ---\n");
  }
}
