package io.modelrunner.app.logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.slf4j.Logger;

/**
 * What a command writes to stderr for its user (progress, a refused request, where it listens):
 * written through to {@code plain} while the log format is plain; while it is JSON ({@link
 * LogOutput#current}), each line becomes an INFO event of {@code logger}, with the MDC of the
 * thread that wrote it, so that stderr holds JSON lines only.
 */
public final class LogLineWriter extends Writer {
  private final Writer plain;
  private final Logger logger;
  private final StringBuilder line = new StringBuilder();

  public LogLineWriter(Writer plain, Logger logger) {
    this.plain = plain;
    this.logger = logger;
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      char c = chars[i];
      if (c == '\n') {
        emit(true);
      } else if (c != '\r') {
        line.append(c);
      }
    }
  }

  /** Plain: writes out what there is. JSON: a line not yet ended waits for its end. */
  @Override
  public synchronized void flush() {
    if (LogOutput.current() != LogFormat.JSON && !line.isEmpty()) {
      emit(false);
    }
    try {
      plain.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (!line.isEmpty()) {
      emit(false);
    }
    flush();
  }

  private void emit(boolean ended) {
    String text = line.toString();
    line.setLength(0);
    if (LogOutput.current() == LogFormat.JSON) {
      logger.info("{}", text);
      return;
    }
    try {
      plain.write(ended ? text + System.lineSeparator() : text);
      plain.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
