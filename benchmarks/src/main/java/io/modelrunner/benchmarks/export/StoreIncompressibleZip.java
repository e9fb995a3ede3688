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
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The measured "store what does not compress" proposal for runner-core's export: {@link
 * DeterministicZip} unchanged (same library, same level, same layout) except that an entry whose
 * first {@value #SAMPLE} bytes deflate to at least {@value #STORE_RATIO} of their size is written
 * STORED (CRC computed in a first pass over the file, then copied) instead of deflated at level 6,
 * which on random data costs the full deflate CPU to gain nothing.
 *
 * <p>Deterministic: the choice depends only on the file's content. The output differs from today's
 * for such entries (stored instead of deflated), so adopting it changes export hashes once.
 */
public final class StoreIncompressibleZip {
  /** How much of a file's start is trial-deflated to decide. */
  static final int SAMPLE = 64 * 1024;

  /** Store when the sample deflates to at least this fraction of its size. */
  static final double STORE_RATIO = 0.98;

  private static final int BUFFER = 64 * 1024;

  private StoreIncompressibleZip() {}

  public static void write(List<OutputEntry> entries, OutputStream out) throws IOException {
    List<OutputEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(OutputEntry::name));
    byte[] buffer = new byte[BUFFER];
    byte[] scratch = new byte[BUFFER];
    Deflater trial = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
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
        zipEntry.setTimeLocal(DeterministicZip.FIXED_TIME);
        if (incompressible(entry, trial, buffer, scratch)) {
          CRC32 crc = new CRC32();
          long size = 0;
          try (InputStream in = open(entry)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
              crc.update(buffer, 0, n);
              size += n;
            }
          }
          zipEntry.setMethod(ZipEntry.STORED);
          zipEntry.setSize(size);
          zipEntry.setCompressedSize(size);
          zipEntry.setCrc(crc.getValue());
        }
        zip.putNextEntry(zipEntry);
        try (InputStream in = open(entry)) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            zip.write(buffer, 0, n);
          }
        }
        zip.closeEntry();
      }
    } finally {
      trial.end();
    }
  }

  /** Whether the file's first {@link #SAMPLE} bytes do not deflate below {@link #STORE_RATIO}. */
  private static boolean incompressible(
      OutputEntry entry, Deflater trial, byte[] buffer, byte[] scratch) throws IOException {
    int read;
    try (InputStream in = open(entry)) {
      read = in.readNBytes(buffer, 0, Math.min(SAMPLE, buffer.length));
    }
    if (read == 0) {
      return false;
    }
    trial.reset();
    trial.setInput(buffer, 0, read);
    trial.finish();
    long compressed = 0;
    while (!trial.finished()) {
      compressed += trial.deflate(scratch);
    }
    return compressed >= STORE_RATIO * read;
  }

  private static InputStream open(OutputEntry entry) throws IOException {
    return Files.newInputStream(entry.file(), LinkOption.NOFOLLOW_LINKS);
  }
}
