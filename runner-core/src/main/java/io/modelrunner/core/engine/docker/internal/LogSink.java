package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.modelrunner.core.internal.CappedLog;
import io.modelrunner.core.internal.LogTail;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a container's stdout and stderr frames as they come and writes them straight to the log
 * file through a {@link CappedLog}. Keeps a bounded {@link LogTail} of the last lines for the
 * outcome. Nothing else of the output is held in memory.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class LogSink extends ResultCallback.Adapter<Frame> {
  private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);

  /** The tail's stream key for lines that were in the file before this sink opened it. */
  private static final Object EARLIER = new Object();

  private final Path file;
  private final CappedLog out;
  private final LogTail tail;
  private boolean closed;
  private IOException writeFailure;
  private volatile Throwable streamFailure;
  private final CountDownLatch attachedOrFailed = new CountDownLatch(1);

  /** Opens (creates or truncates) {@code file}. */
  public LogSink(Path file, long capBytes, int tailLines) throws IOException {
    this(file, new CappedLog(Files.newOutputStream(file), capBytes, 0), tailLines);
  }

  private LogSink(Path file, CappedLog out, int tailLines) {
    this.file = file;
    this.out = out;
    this.tail = new LogTail(tailLines, LogTail.DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * Opens {@code file} to append to it (creating it when missing) and writes {@code firstLine} and
   * a line break: for a runner that supervises again a container a previous runner process started.
   * The bytes already in the file count towards the cap (so the file stays bounded); the tail
   * starts with the file's last lines and {@code firstLine}. The file is opened without following a
   * symbolic link: anything but a regular file there (which the model could have put in its
   * writable {@code log/} folder) is deleted first.
   */
  public static LogSink appending(Path file, long capBytes, int tailLines, String firstLine)
      throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      LOG.warn("{} is not a regular file: replacing it", file);
      Files.delete(file);
    }
    List<String> earlier = LogTail.read(file, tailLines);
    OutputStream out =
        Files.newOutputStream(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    LogSink sink;
    try {
      long existing = Files.size(file);
      sink = new LogSink(file, new CappedLog(out, capBytes, existing), tailLines);
      byte[] line = (firstLine + "\n").getBytes(StandardCharsets.UTF_8);
      if (existing > 0 && !endsWithLineBreak(file, existing)) {
        out.write('\n');
      }
      out.write(line);
      out.flush();
      for (String earlierLine : earlier) {
        byte[] bytes = (earlierLine + "\n").getBytes(StandardCharsets.UTF_8);
        sink.tail.accept(EARLIER, bytes, 0, bytes.length);
      }
      sink.tail.accept(EARLIER, line, 0, line.length);
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
    return sink;
  }

  private static boolean endsWithLineBreak(Path file, long size) throws IOException {
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      channel.position(size - 1);
      ByteBuffer last = ByteBuffer.allocate(1);
      return channel.read(last) == 1 && last.get(0) == '\n';
    }
  }

  @Override
  public synchronized void onNext(Frame frame) {
    byte[] payload = frame.getPayload();
    if (payload == null || payload.length == 0) {
      return;
    }
    tail.accept(frame.getStreamType(), payload, 0, payload.length);
    if (closed || writeFailure != null) {
      return;
    }
    try {
      out.write(payload, 0, payload.length);
    } catch (IOException e) {
      writeFailure = e;
      LOG.warn("Cannot write the container log {}: {}", file, e.toString());
    }
  }

  @Override
  public void onStart(Closeable stream) {
    super.onStart(stream);
    attachedOrFailed.countDown();
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
    } finally {
      attachedOrFailed.countDown();
    }
  }

  /**
   * Waits until the stream is attached or has failed to ({@link #streamFailure()}): an engine may
   * refuse the attach itself (Podman answers 409 when the runtime cannot create the container).
   *
   * @return false when neither happened within the timeout
   */
  public boolean awaitAttachedOrFailed(long timeout, TimeUnit unit) throws InterruptedException {
    return attachedOrFailed.await(timeout, unit);
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
    return out.written();
  }

  public synchronized boolean truncated() {
    return out.capped();
  }

  public Throwable streamFailure() {
    return streamFailure;
  }
}
