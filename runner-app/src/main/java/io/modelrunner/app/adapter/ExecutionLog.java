package io.modelrunner.app.adapter;

import io.modelrunner.core.engine.Workspace;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readable log of an adapter-backed run, in {@code log/container.log} (there is no container):
 * one timestamped line per lifecycle step and state change, capped at the run's log cap, the last
 * lines also kept for the outcome. Written with a plain stream, which an interrupt (a cancel) does
 * not close. A log that cannot be written is not an error of the run: lines are then only kept in
 * memory. Thread-safe.
 */
final class ExecutionLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionLog.class);
  static final int TAIL_LINES = 50;

  private final Path file;
  private final long capBytes;
  private final Deque<String> tail = new ArrayDeque<>();
  private OutputStream out;
  private long written;
  private boolean capped;

  private ExecutionLog(Path file, OutputStream out, long capBytes) {
    this.file = file;
    this.out = out;
    this.capBytes = capBytes;
  }

  /** Appends to {@code workspace.containerLog()}, making {@code log/} when missing. */
  static ExecutionLog open(Workspace workspace, long capBytes) {
    Path file = workspace.containerLog();
    OutputStream out = null;
    try {
      Files.createDirectories(file.getParent());
      out = new FileOutputStream(file.toFile(), true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the adapter run's log {}: {}", file, e.toString());
    }
    return new ExecutionLog(file, out, capBytes);
  }

  /** Writes {@code <instant> <text>} as one line (line breaks in {@code text} become spaces). */
  synchronized void line(String text) {
    String line = Instant.now() + " " + text.replace('\r', ' ').replace('\n', ' ');
    tail.addLast(line);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
    LOG.debug("{}: {}", file, line);
    if (out == null || capped) {
      return;
    }
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (written + bytes.length > capBytes) {
        capped = true;
        out.write(
            ("[model-runner] log capped at " + capBytes + " bytes; further lines dropped\n")
                .getBytes(StandardCharsets.UTF_8));
      } else {
        out.write(bytes);
        written += bytes.length;
      }
      out.flush();
    } catch (IOException e) {
      LOG.warn("cannot write the adapter run's log {}: {}", file, e.toString());
      closeQuietly();
    }
  }

  /** The last lines written (at most {@value #TAIL_LINES}). */
  synchronized List<String> tail() {
    return List.copyOf(tail);
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
