package io.modelrunner.app.service;

import io.modelrunner.core.internal.LogTail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The last lines of a run's log as the API serves them, read by {@link LogTail} within the API's
 * bounds, so that a tail of a huge log costs little: a live file is read from its last {@value
 * #MAX_TAIL_BYTES} bytes; a stored log is streamed through a tail of {@code lines} lines.
 */
public final class LogTails {
  /** At most this much of a live file is read for a tail. */
  static final int MAX_TAIL_BYTES = 1 << 20;

  /** Longest line kept, in bytes; longer ones are cut (with an ellipsis). */
  static final int MAX_LINE_BYTES = 8192;

  private LogTails() {}

  /** The last {@code lines} lines of {@code file}; empty when it does not exist. */
  public static List<String> ofFile(Path file, int lines) throws IOException {
    return LogTail.ofFile(file, lines, MAX_TAIL_BYTES, MAX_LINE_BYTES);
  }

  /** The last {@code lines} lines of {@code in}, streamed; closes {@code in}. */
  public static List<String> ofStream(InputStream in, int lines) throws IOException {
    return LogTail.ofStream(in, lines, MAX_LINE_BYTES);
  }
}
