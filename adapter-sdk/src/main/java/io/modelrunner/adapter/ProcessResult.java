package io.modelrunner.adapter;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * How a process ended.
 *
 * @param exitCode its exit code
 * @param logFile where its stdout and stderr were written
 * @param elapsed how long it ran
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public record ProcessResult(int exitCode, Path logFile, Duration elapsed) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** The last {@code maxBytes} bytes of the log, for error messages. */
  public String logTail(int maxBytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
      long start = Math.max(0, f.length() - maxBytes);
      byte[] bytes = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
