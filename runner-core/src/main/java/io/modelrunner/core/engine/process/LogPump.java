package io.modelrunner.core.engine.process;

import io.modelrunner.core.internal.CappedLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Copies a process's output to its {@link CappedLog} as it comes, through a fixed buffer; beyond
 * the cap the output is still read (and dropped), so that the process never blocks.
 */
final class LogPump implements Runnable {
  private final InputStream in;
  private final Path file;
  private final long capBytes;

  LogPump(InputStream in, Path file, long capBytes) {
    this.in = in;
    this.file = file;
    this.capBytes = capBytes;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[16 * 1024];
    try (CappedLog out = CappedLog.appendingTo(file, capBytes)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // the stream closes when the process is killed: not an error of the model
    } finally {
      try {
        in.close();
      } catch (IOException ignored) {
        // nothing more to read
      }
    }
  }
}
