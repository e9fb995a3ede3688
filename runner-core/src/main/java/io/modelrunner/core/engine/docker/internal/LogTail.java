package io.modelrunner.core.engine.docker.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last lines of a container's output, in bounded memory: at most {@code maxLines} lines of at
 * most {@code maxLineBytes} bytes each (longer lines are cut). Lines are split per stream, so a
 * stderr line arriving in the middle of a stdout line does not cut it. Not thread-safe; the log
 * sink guards it.
 */
final class LogTail {
  static final int DEFAULT_MAX_LINE_BYTES = 1024;

  private final int maxLines;
  private final int maxLineBytes;
  private final Deque<String> lines = new ArrayDeque<>();
  private final Map<Object, PartialLine> partial = new HashMap<>();

  LogTail(int maxLines, int maxLineBytes) {
    this.maxLines = maxLines;
    this.maxLineBytes = maxLineBytes;
  }

  /** Adds {@code bytes} from {@code stream} (any key: stdout, stderr). */
  void accept(Object stream, byte[] bytes, int offset, int length) {
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
  List<String> lines() {
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
