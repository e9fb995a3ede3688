package io.modelrunner.core.pipeline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Prepares export entries ({@link StagedEntry}): deflates a file's first {@value #SAMPLE} bytes at
 * level 6 (with a sync flush when more follows); if they do not shrink below {@value #STORE_RATIO}
 * of their size (random data, or data already compressed: PNG, compressed NetCDF/HDF5, Parquet),
 * the entry is STORED, else the deflate goes on to the end of the file. The choice and the bytes
 * depend only on the file's content. Files are opened without following symbolic links; a stage
 * stops (with an {@link InterruptedIOException}) soon after {@code aborted} becomes true. Safe for
 * several threads; {@link #close} once no stage runs any more.
 */
final class EntryStager implements AutoCloseable {
  /** How much of a file's start decides whether it is stored; also the read size. */
  static final int SAMPLE = 64 * 1024;

  /** Store when the sample deflates to at least this fraction of its size. */
  static final double STORE_RATIO = 0.98;

  private final Path stagingDir;
  private final BooleanSupplier aborted;
  private final Queue<StagingBuffers> idle = new ConcurrentLinkedQueue<>();
  private final Queue<StagingBuffers> all = new ConcurrentLinkedQueue<>();

  EntryStager(Path stagingDir, BooleanSupplier aborted) {
    this.stagingDir = stagingDir;
    this.aborted = aborted;
  }

  StagedEntry stage(OutputEntry entry) throws IOException {
    StagingBuffers buffers = idle.poll();
    if (buffers == null) {
      buffers = new StagingBuffers();
      all.add(buffers);
    }
    try {
      buffers.deflater.reset();
      return stage(entry, buffers);
    } finally {
      idle.add(buffers);
    }
  }

  private StagedEntry stage(OutputEntry entry, StagingBuffers b) throws IOException {
    CRC32 crc = new CRC32();
    try (InputStream in = Files.newInputStream(entry.file(), LinkOption.NOFOLLOW_LINKS);
        DeflatedData data = new DeflatedData(stagingDir, b.memory)) {
      int n = in.readNBytes(b.input, 0, SAMPLE);
      crc.update(b.input, 0, n);
      if (n == 0) {
        return StagedEntry.stored(entry.name(), crc.getValue(), new byte[0]);
      }
      boolean whole = n < SAMPLE;
      deflate(b, n, whole ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH, data);
      if (whole) {
        finish(b, data);
      }
      if (data.size() >= STORE_RATIO * n) {
        if (whole) {
          return StagedEntry.stored(entry.name(), crc.getValue(), Arrays.copyOf(b.input, n));
        }
        long size = n;
        for (int r; (r = in.readNBytes(b.input, 0, SAMPLE)) > 0; size += r) {
          checkAborted();
          crc.update(b.input, 0, r);
        }
        return StagedEntry.storedFrom(entry.name(), crc.getValue(), size, entry.file());
      }
      long size = n;
      if (!whole) {
        for (int r; (r = in.readNBytes(b.input, 0, SAMPLE)) > 0; size += r) {
          checkAborted();
          crc.update(b.input, 0, r);
          deflate(b, r, Deflater.NO_FLUSH, data);
        }
        finish(b, data);
      }
      return data.toStaged(entry.name(), crc.getValue(), size);
    }
  }

  private void checkAborted() throws InterruptedIOException {
    if (aborted.getAsBoolean()) {
      throw new InterruptedIOException("export aborted");
    }
  }

  /** Deflates {@code length} bytes of the input buffer, then flushes as {@code flush} says. */
  private static void deflate(StagingBuffers b, int length, int flush, DeflatedData data)
      throws IOException {
    b.deflater.setInput(b.input, 0, length);
    int c;
    do {
      c = b.deflater.deflate(b.output, 0, b.output.length, flush);
      data.write(b.output, 0, c);
    } while (c == b.output.length || !b.deflater.needsInput());
  }

  private static void finish(StagingBuffers b, DeflatedData data) throws IOException {
    b.deflater.finish();
    while (!b.deflater.finished()) {
      int c = b.deflater.deflate(b.output);
      data.write(b.output, 0, c);
    }
  }

  /** Frees the deflaters; call once no stage runs. */
  @Override
  public void close() {
    all.forEach(StagingBuffers::end);
    all.clear();
    idle.clear();
  }
}
