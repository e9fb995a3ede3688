package io.modelrunner.core.pipeline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip whose bytes depend only on the entries' names and contents: entries sorted by name,
 * every timestamp 1980-01-01T00:00 (the DOS epoch, no extended-time fields), no permissions, no
 * comments, one fixed compression level. Streams each file through a fixed buffer, so memory use
 * does not depend on file sizes. Files are opened without following symbolic links.
 */
public final class DeterministicZip {
  /** The timestamp of every entry. */
  public static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private static final int BUFFER = 64 * 1024;

  private DeterministicZip() {}

  /** Writes {@code entries} (in name order, whatever order they come in) to {@code out}. */
  public static void write(List<OutputEntry> entries, OutputStream out) throws IOException {
    List<OutputEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(OutputEntry::name));
    byte[] buffer = new byte[BUFFER];
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.DEFAULT_COMPRESSION);
      zip.setMethod(ZipOutputStream.DEFLATED);
      String previous = null;
      for (OutputEntry entry : sorted) {
        if (entry.name().equals(previous)) {
          throw new IllegalArgumentException("duplicate zip entry " + entry.name());
        }
        previous = entry.name();
        ZipEntry zipEntry = new ZipEntry(entry.name());
        zipEntry.setTimeLocal(FIXED_TIME);
        zip.putNextEntry(zipEntry);
        try (InputStream in = Files.newInputStream(entry.file(), LinkOption.NOFOLLOW_LINKS)) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            zip.write(buffer, 0, n);
          }
        }
        zip.closeEntry();
      }
    }
  }
}
