package io.modelrunner.core.engine.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies a process's output to a log file as it comes, through a fixed buffer, up to a cap; beyond
 * the cap the output is read and dropped (so the process never blocks) and one marker line is
 * written.
 */
final class CappedLogPump implements Runnable {
  static final String TRUNCATED_MARKER =
      "[model-runner] log capped at %d bytes; further output dropped%n";

  private final InputStream in;
  private final Path file;
  private final long capBytes;
  private volatile IOException failure;

  CappedLogPump(InputStream in, Path file, long capBytes) {
    this.in = in;
    this.file = file;
    this.capBytes = capBytes;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[16 * 1024];
    long written = 0;
    boolean capped = false;
    try (OutputStream out =
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        if (capped) {
          continue;
        }
        int keep = (int) Math.min(n, capBytes - written);
        if (keep > 0) {
          out.write(buffer, 0, keep);
          out.flush();
          written += keep;
        }
        if (keep < n) {
          capped = true;
          out.write(String.format(TRUNCATED_MARKER, capBytes).getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    } catch (IOException e) {
      failure = e; // the stream closes when the process is killed: not an error of the model
    } finally {
      try {
        in.close();
      } catch (IOException ignored) {
        // nothing more to read
      }
    }
  }

  IOException failure() {
    return failure;
  }
}
