package io.modelrunner.core.pipeline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Prepares one export entry ({@link StagedEntry}): trial-deflates the file's first {@value #SAMPLE}
 * bytes; if they do not shrink below {@value #STORE_RATIO} of their size (random data, or data
 * already compressed: PNG, compressed NetCDF/HDF5, Parquet), the entry is STORED, else the whole
 * file is deflated at level 6. The choice and the bytes depend only on the file's content. Files
 * are opened without following symbolic links; stops (with an {@link InterruptedIOException}) soon
 * after {@code aborted} becomes true.
 */
final class EntryStager {
  /** How much of a file's start is trial-deflated to decide. */
  static final int SAMPLE = 64 * 1024;

  /** Store when the sample deflates to at least this fraction of its size. */
  static final double STORE_RATIO = 0.98;

  private final Path stagingDir;
  private final BooleanSupplier aborted;

  EntryStager(Path stagingDir, BooleanSupplier aborted) {
    this.stagingDir = stagingDir;
    this.aborted = aborted;
  }

  StagedEntry stage(OutputEntry entry) throws IOException {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    byte[] buffer = new byte[SAMPLE];
    byte[] out = new byte[SAMPLE];
    CRC32 crc = new CRC32();
    try (InputStream in = Files.newInputStream(entry.file(), LinkOption.NOFOLLOW_LINKS)) {
      int n = in.readNBytes(buffer, 0, SAMPLE);
      crc.update(buffer, 0, n);
      if (n == 0) {
        return StagedEntry.stored(entry.name(), crc.getValue(), new byte[0]);
      }
      DeflatedData trial = new DeflatedData(stagingDir);
      deflate(deflater, buffer, n, out, trial);
      finish(deflater, out, trial);
      boolean compresses = trial.size() < STORE_RATIO * n;
      if (n < SAMPLE) {
        // the whole file: the trial is its deflated data
        return compresses
            ? trial.toStaged(entry.name(), crc.getValue(), n)
            : StagedEntry.stored(entry.name(), crc.getValue(), Arrays.copyOf(buffer, n));
      }
      if (!compresses) {
        long size = n;
        for (int r; (r = in.readNBytes(buffer, 0, SAMPLE)) > 0; size += r) {
          checkAborted();
          crc.update(buffer, 0, r);
        }
        return StagedEntry.storedFrom(entry.name(), crc.getValue(), size, entry.file());
      }
      deflater.reset();
      try (DeflatedData data = new DeflatedData(stagingDir)) {
        long size = 0;
        for (int r = n; r > 0; r = in.readNBytes(buffer, 0, SAMPLE)) {
          checkAborted();
          if (size > 0) {
            crc.update(buffer, 0, r);
          }
          deflate(deflater, buffer, r, out, data);
          size += r;
        }
        finish(deflater, out, data);
        return data.toStaged(entry.name(), crc.getValue(), size);
      }
    } finally {
      deflater.end();
    }
  }

  private void checkAborted() throws InterruptedIOException {
    if (aborted.getAsBoolean()) {
      throw new InterruptedIOException("export aborted");
    }
  }

  private static void deflate(
      Deflater deflater, byte[] input, int length, byte[] out, DeflatedData data)
      throws IOException {
    deflater.setInput(input, 0, length);
    while (!deflater.needsInput()) {
      int c = deflater.deflate(out);
      data.write(out, 0, c);
    }
  }

  private static void finish(Deflater deflater, byte[] out, DeflatedData data) throws IOException {
    deflater.finish();
    while (!deflater.finished()) {
      int c = deflater.deflate(out);
      data.write(out, 0, c);
    }
  }
}
