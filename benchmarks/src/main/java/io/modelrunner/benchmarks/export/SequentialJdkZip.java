package io.modelrunner.benchmarks.export;

import io.modelrunner.core.pipeline.internal.DeterministicZip;
import io.modelrunner.core.pipeline.internal.OutputEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * runner-core's exporter before issue 18, kept as the benchmark's "before": the JDK's {@link
 * ZipOutputStream} deflating every entry at level 6 on the calling thread, entries sorted by name,
 * the DOS-epoch timestamp, data descriptors after each entry.
 */
public final class SequentialJdkZip {
  private static final int BUFFER = 64 * 1024;

  private SequentialJdkZip() {}

  public static void write(List<OutputEntry> entries, OutputStream out) throws IOException {
    List<OutputEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(OutputEntry::name));
    byte[] buffer = new byte[BUFFER];
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.DEFAULT_COMPRESSION);
      zip.setMethod(ZipOutputStream.DEFLATED);
      for (OutputEntry entry : sorted) {
        ZipEntry zipEntry = new ZipEntry(entry.name());
        zipEntry.setTimeLocal(DeterministicZip.FIXED_TIME);
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
