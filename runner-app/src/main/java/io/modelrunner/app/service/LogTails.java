package io.modelrunner.app.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a log, bounded both in lines and in bytes read, so that a tail of a huge log
 * costs little: a live file is read backwards from its end; a stored log is streamed through a ring
 * of {@code lines} lines.
 */
public final class LogTails {
  /** At most this much of a live file is read for a tail. */
  static final int MAX_TAIL_BYTES = 1 << 20;

  /** Longest line kept; longer ones are cut (with an ellipsis). */
  static final int MAX_LINE_CHARS = 8192;

  private LogTails() {}

  /** The last {@code lines} lines of {@code file}; empty when it does not exist. */
  public static List<String> ofFile(Path file, int lines) throws IOException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int window = (int) Math.min(length, MAX_TAIL_BYTES);
      byte[] bytes = new byte[window];
      raf.seek(length - window);
      raf.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (window < length) {
        int firstBreak = text.indexOf('\n');
        text = firstBreak < 0 ? "" : text.substring(firstBreak + 1); // drop a partial first line
      }
      return last(text.lines().toList(), lines);
    }
  }

  /** The last {@code lines} lines of {@code in}, streamed. */
  public static List<String> ofStream(InputStream in, int lines) throws IOException {
    Deque<String> ring = new ArrayDeque<>(lines);
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (ring.size() == lines) {
          ring.removeFirst();
        }
        ring.addLast(cut(line));
      }
    }
    return new ArrayList<>(ring);
  }

  private static List<String> last(List<String> all, int lines) {
    List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
    return tail.stream().map(LogTails::cut).toList();
  }

  private static String cut(String line) {
    return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + "…";
  }
}
