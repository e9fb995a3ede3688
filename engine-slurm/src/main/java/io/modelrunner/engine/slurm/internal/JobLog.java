package io.modelrunner.engine.slurm.internal;

import io.modelrunner.core.internal.CappedLog;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what Slurm writes to a job's output file ({@code jobs/<run id>/job.out}, stdout and stderr
 * of the batch script) into the run's {@code log/container.log}, capped at the model's log cap, and
 * keeps the last lines for the outcome. Called from the execution's supervisor only. The output
 * file keeps everything, so a restarted runner copies it again from its start and {@code
 * container.log} loses nothing; when Slurm requeues the job it starts the file again, and a marker
 * line says so.
 */
final class JobLog {
  private static final Logger LOG = LoggerFactory.getLogger(JobLog.class);
  private static final int TAIL_LINES = 40;

  /** slurmstepd 22.05 writes this into every container job's output (its runc state parse). */
  private static final String STEPD_NOISE = "_try_parse: JSON parsing error";

  private final Path source;
  private final CappedLog target;
  private final Deque<String> tail = new ArrayDeque<>();
  private final StringBuilder partial = new StringBuilder();
  private long offset;
  private boolean finished;
  private boolean killedForMemory;

  private JobLog(Path source, CappedLog target) {
    this.source = source;
    this.target = target;
  }

  /** Starts {@code containerLog} afresh (a restarted runner copies the whole output again). */
  static JobLog open(Path source, Path containerLog, long capBytes) throws IOException {
    Files.createDirectories(containerLog.getParent());
    Files.write(
        containerLog, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    return new JobLog(source, CappedLog.appendingTo(containerLog, capBytes));
  }

  /** Copies what was written since the last call. */
  void pump() {
    if (finished || !Files.exists(source)) {
      return;
    }
    try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "r")) {
      long length = file.length();
      if (length < offset) {
        offset = 0;
        line("--- model-runner: Slurm started the job's output again (a requeue) ---");
      }
      byte[] buffer = new byte[64 * 1024];
      file.seek(offset);
      int read;
      while (offset < length && (read = file.read(buffer)) > 0) {
        offset += read;
        accept(new String(buffer, 0, read, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      LOG.debug("Cannot read the job output {}: {}", source, e.toString());
    }
  }

  /** Copies the rest and closes the container log. */
  void finish() {
    if (finished) {
      return;
    }
    finished = true;
    pump();
    if (partial.length() > 0) {
      emit(partial.toString(), false);
      partial.setLength(0);
    }
    try {
      target.close();
    } catch (IOException e) {
      LOG.warn("Cannot close the container log: {}", e.toString());
    }
  }

  /** A line of the runner's own into the log. */
  void line(String text) {
    emit(text, true);
  }

  /** The last lines (at most {@value #TAIL_LINES}). */
  synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  private void accept(String text) {
    partial.append(text);
    int newline;
    while ((newline = partial.indexOf("\n")) >= 0) {
      String line = partial.substring(0, newline);
      partial.delete(0, newline + 1);
      emit(line, true);
    }
  }

  /** Whether slurmstepd wrote that it killed the job for exceeding its memory limit. */
  synchronized boolean slurmKilledForMemory() {
    return killedForMemory;
  }

  private void emit(String line, boolean newline) {
    if (line.startsWith("slurmstepd")) {
      if (line.contains(STEPD_NOISE)) {
        return;
      }
      if (line.contains("Exceeded job memory limit") || line.contains("exceeded memory limit")) {
        synchronized (this) {
          killedForMemory = true;
        }
      }
    }
    byte[] bytes = (newline ? line + "\n" : line).getBytes(StandardCharsets.UTF_8);
    try {
      target.write(bytes, 0, bytes.length);
    } catch (IOException e) {
      LOG.debug("Cannot write the container log: {}", e.toString());
    }
    synchronized (this) {
      tail.addLast(line);
      while (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
  }
}
