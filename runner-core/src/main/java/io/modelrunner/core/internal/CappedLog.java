package io.modelrunner.core.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apiguardian.api.API;

/**
 * A model's log written up to a cap, the same for every engine: bytes beyond the cap are dropped
 * and one marker line ({@link #TRUNCATED_MARKER}) is written in their place. Thread-safe.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class CappedLog implements Closeable {
  /** The marker written once the cap is reached ({@code %d}: the cap in bytes). */
  public static final String TRUNCATED_MARKER =
      "[model-runner] log capped at %d bytes; further output dropped%n";

  private final OutputStream out;
  private final long capBytes;
  private long written;
  private boolean capped;

  /**
   * @param out where the log goes (closed by {@link #close})
   * @param alreadyWritten bytes already in the log that count towards the cap
   */
  public CappedLog(OutputStream out, long capBytes, long alreadyWritten) {
    this.out = out;
    this.capBytes = capBytes;
    this.written = alreadyWritten;
  }

  /** Appends to {@code file} (creating it when missing); what is already there does not count. */
  public static CappedLog appendingTo(Path file, long capBytes) throws IOException {
    return new CappedLog(
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        capBytes,
        0);
  }

  /** Writes what fits under the cap; once it is reached, the marker once, then nothing. */
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (capped) {
      return;
    }
    int keep = (int) Math.max(0, Math.min(length, capBytes - written));
    if (keep > 0) {
      out.write(bytes, offset, keep);
      written += keep;
    }
    if (keep < length) {
      capped = true;
      out.write(String.format(TRUNCATED_MARKER, capBytes).getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
  }

  /** The bytes of the log under the cap (the marker not counted). */
  public synchronized long written() {
    return written;
  }

  /** Whether output was dropped. */
  public synchronized boolean capped() {
    return capped;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
