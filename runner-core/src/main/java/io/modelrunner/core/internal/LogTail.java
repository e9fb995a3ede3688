package io.modelrunner.core.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The last lines of a log, in bounded memory: at most {@code maxLines} lines of at most {@code
 * maxLineBytes} bytes each (longer lines are cut, ending in {@code " …"}; a trailing {@code \r} is
 * dropped). Bytes are added as they come, per stream, so that a stderr line arriving in the middle
 * of a stdout line does not cut it; the static readers feed it the end of a file or a whole stream.
 * Not thread-safe.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class LogTail {
  /** How many lines failure reasons carry. */
  public static final int DEFAULT_LINES = 20;

  /** The longest line failure reasons carry. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1024;

  /** How much of a file's end {@link #read(Path, int)} reads. */
  private static final int FAILURE_WINDOW_BYTES = 16 * 1024;

  private static final Object ONLY_STREAM = new Object();

  private final int maxLines;
  private final int maxLineBytes;
  private final Deque<String> lines = new ArrayDeque<>();
  private final Map<Object, PartialLine> partial = new HashMap<>();

  public LogTail(int maxLines, int maxLineBytes) {
    this.maxLines = maxLines;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The last {@code maxLines} lines of {@code file} for a failure reason, read from its last 16
   * KiB: empty when the file is missing, not a regular file or unreadable.
   */
  public static List<String> read(Path file, int maxLines) {
    try {
      return ofFile(file, maxLines, FAILURE_WINDOW_BYTES, DEFAULT_MAX_LINE_BYTES);
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The last {@code maxLines} lines of {@code file}, read from its last {@code windowBytes} bytes
   * (never the whole file; a line the window cuts is dropped); empty when it is missing or not a
   * regular file. Symbolic links are not followed.
   */
  public static List<String> ofFile(Path file, int maxLines, int windowBytes, int maxLineBytes)
      throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      int length = (int) Math.min(size, windowBytes);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      channel.position(size - length);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // keep reading
      }
      byte[] bytes = buffer.array();
      int end = buffer.position();
      int from = 0;
      if (length < size) {
        int firstBreak = indexOf(bytes, end, (byte) '\n');
        from = firstBreak < 0 ? 0 : firstBreak + 1; // drop the line the window cuts
      }
      LogTail tail = new LogTail(maxLines, maxLineBytes);
      tail.accept(bytes, from, end - from);
      return tail.lines();
    }
  }

  /** The last {@code maxLines} lines of {@code in}, streamed through a tail; closes {@code in}. */
  public static List<String> ofStream(InputStream in, int maxLines, int maxLineBytes)
      throws IOException {
    LogTail tail = new LogTail(maxLines, maxLineBytes);
    try (in) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        tail.accept(buffer, 0, n);
      }
    }
    return tail.lines();
  }

  /** Adds {@code length} bytes of the log's only stream. */
  public void accept(byte[] bytes, int offset, int length) {
    accept(ONLY_STREAM, bytes, offset, length);
  }

  /** Adds {@code bytes} from {@code stream} (any key: stdout, stderr). */
  public void accept(Object stream, byte[] bytes, int offset, int length) {
    if (maxLines == 0) {
      return;
    }
    PartialLine line = partial.computeIfAbsent(stream, s -> new PartialLine());
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        add(line.take());
      } else {
        line.append(b, maxLineBytes);
      }
    }
  }

  /** The last lines, oldest first, including unterminated last lines. */
  public List<String> lines() {
    Deque<String> result = new ArrayDeque<>(lines);
    for (PartialLine line : partial.values()) {
      if (line.length() > 0) {
        result.addLast(line.render());
        if (result.size() > maxLines) {
          result.removeFirst();
        }
      }
    }
    return new ArrayList<>(result);
  }

  private void add(String line) {
    lines.addLast(line);
    if (lines.size() > maxLines) {
      lines.removeFirst();
    }
  }

  private static int indexOf(byte[] bytes, int end, byte wanted) {
    for (int i = 0; i < end; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static final class PartialLine {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean cut;

    void append(byte b, int max) {
      if (bytes.size() < max) {
        bytes.write(b);
      } else {
        cut = true;
      }
    }

    int length() {
      return bytes.size();
    }

    String take() {
      String line = render();
      bytes.reset();
      cut = false;
      return line;
    }

    String render() {
      String line = bytes.toString(StandardCharsets.UTF_8);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      return cut ? line + " …" : line;
    }
  }
}
