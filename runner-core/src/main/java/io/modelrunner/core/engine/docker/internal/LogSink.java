package io.modelrunner.core.engine.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a container's stdout and stderr frames as they come and writes them straight to the log
 * file, up to a cap; beyond the cap the output is dropped and one marker line is written. Keeps a
 * bounded tail of the last lines for the outcome. Nothing else of the output is held in memory.
 */
public final class LogSink extends ResultCallback.Adapter<Frame> {
  /** The marker line written once the cap is reached (same wording as the process engine). */
  public static final String TRUNCATED_MARKER =
      "[model-runner] log capped at %d bytes; further output dropped%n";

  private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);

  private final Path file;
  private final long capBytes;
  private final OutputStream out;
  private final LogTail tail;
  private long written;
  private boolean capped;
  private boolean closed;
  private IOException writeFailure;
  private volatile Throwable streamFailure;

  /** Opens (creates or truncates) {@code file}. */
  public LogSink(Path file, long capBytes, int tailLines) throws IOException {
    this.file = file;
    this.capBytes = capBytes;
    this.out = Files.newOutputStream(file);
    this.tail = new LogTail(tailLines, LogTail.DEFAULT_MAX_LINE_BYTES);
  }

  @Override
  public synchronized void onNext(Frame frame) {
    byte[] payload = frame.getPayload();
    if (payload == null || payload.length == 0) {
      return;
    }
    tail.accept(frame.getStreamType(), payload, 0, payload.length);
    if (capped || closed || writeFailure != null) {
      return;
    }
    try {
      int keep = (int) Math.min(payload.length, capBytes - written);
      if (keep > 0) {
        out.write(payload, 0, keep);
        written += keep;
      }
      if (keep < payload.length) {
        capped = true;
        out.write(String.format(TRUNCATED_MARKER, capBytes).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      writeFailure = e;
      LOG.warn("Cannot write the container log {}: {}", file, e.toString());
    }
  }

  @Override
  public void onError(Throwable throwable) {
    // The stream ends with an error when the engine goes away or the container is removed under
    // us; the supervisor decides what that means. Do not let the template log it as an error.
    streamFailure = throwable;
    try {
      close();
    } catch (IOException ignored) {
      // closing the stream only
    }
  }

  /** Closes the log file; output arriving later is dropped. */
  public synchronized void finish() {
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("Cannot close the container log {}: {}", file, e.toString());
    }
    closed = true;
  }

  public synchronized List<String> tail() {
    return tail.lines();
  }

  public synchronized long bytesWritten() {
    return written;
  }

  public synchronized boolean truncated() {
    return capped;
  }

  public Throwable streamFailure() {
    return streamFailure;
  }
}
