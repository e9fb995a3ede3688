package io.modelrunner.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, read from its end (never the whole file). */
public final class LogTail {
  /** How many lines failure reasons carry. */
  public static final int DEFAULT_LINES = 20;

  private static final int MAX_BYTES = 16 * 1024;

  private LogTail() {}

  /** The last {@code maxLines} lines of {@code file}; empty when it is missing or unreadable. */
  public static List<String> read(Path file, int maxLines) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      int length = (int) Math.min(size, MAX_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      channel.position(size - length);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // keep reading
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      List<String> lines = Arrays.asList(text.split("\\R"));
      if (length < size && lines.size() > 1) {
        lines = lines.subList(1, lines.size()); // the first line is probably cut
      }
      int from = Math.max(0, lines.size() - maxLines);
      return List.copyOf(lines.subList(from, lines.size()));
    } catch (IOException e) {
      return List.of();
    }
  }
}
