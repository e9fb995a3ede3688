package io.modelrunner.web.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The regular files of a {@code .tgz} (ustar, as {@code npm pack} writes it), by path. */
final class TarEntries {
  private static final int BLOCK = 512;

  private TarEntries() {}

  /** One file of the archive: its path and size in bytes. */
  record Entry(String path, long size) {}

  static List<Entry> of(Path tgz) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      byte[] header = new byte[BLOCK];
      while (in.readNBytes(header, 0, BLOCK) == BLOCK && !isZero(header)) {
        String name = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        String octal = text(header, 124, 12).trim();
        long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        char type = (char) header[156];
        if (type == '0' || type == '\0') {
          entries.add(new Entry(prefix.isEmpty() ? name : prefix + "/" + name, size));
        }
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        in.skipNBytes(padded);
      }
    }
    return List.copyOf(entries);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }
}
