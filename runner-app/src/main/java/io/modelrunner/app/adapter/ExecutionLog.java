package io.modelrunner.app.adapter;

import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.internal.CappedLog;
import io.modelrunner.core.internal.LogTail;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readable log of an adapter-backed run, in {@code log/container.log} (there is no container):
 * one timestamped line per lifecycle step and state change, written through a {@link CappedLog} at
 * the run's log cap, the last lines also kept in a {@link LogTail} for the outcome. Written with a
 * plain stream, which an interrupt (a cancel) does not close. A log that cannot be written is not
 * an error of the run: lines are then only kept in memory. Thread-safe.
 */
final class ExecutionLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionLog.class);
  static final int TAIL_LINES = 50;

  private final Path file;
  private final LogTail tail = new LogTail(TAIL_LINES, LogTail.DEFAULT_MAX_LINE_BYTES);
  private CappedLog out;

  private ExecutionLog(Path file, CappedLog out) {
    this.file = file;
    this.out = out;
  }

  /** Appends to {@code workspace.containerLog()}, making {@code log/} when missing. */
  static ExecutionLog open(Workspace workspace, long capBytes) {
    Path file = workspace.containerLog();
    CappedLog out = null;
    try {
      Files.createDirectories(file.getParent());
      out = new CappedLog(new FileOutputStream(file.toFile(), true), capBytes, 0);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the adapter run's log {}: {}", file, e.toString());
    }
    return new ExecutionLog(file, out);
  }

  /** Writes {@code <instant> <text>} as one line (line breaks in {@code text} become spaces). */
  synchronized void line(String text) {
    String line = Instant.now() + " " + text.replace('\r', ' ').replace('\n', ' ');
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    tail.accept(bytes, 0, bytes.length);
    LOG.debug("{}: {}", file, line);
    if (out == null) {
      return;
    }
    try {
      out.write(bytes, 0, bytes.length);
    } catch (IOException e) {
      LOG.warn("cannot write the adapter run's log {}: {}", file, e.toString());
      closeQuietly();
    }
  }

  /** The last lines written (at most {@value #TAIL_LINES}). */
  synchronized List<String> tail() {
    return List.copyOf(tail.lines());
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", file, e.toString());
      }
      out = null;
    }
  }
}
