package io.modelrunner.core.pipeline.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one entry's deflated bytes go while it is staged: a memory buffer of {@link #IN_MEMORY}
 * bytes, then a staging file in the staging folder. {@link #close} deletes the file unless it was
 * handed over with {@link #toStaged}.
 */
final class DeflatedData implements AutoCloseable {
  /** Deflated data up to this size stays in memory. */
  static final int IN_MEMORY = 256 * 1024;

  private final Path stagingDir;
  private final byte[] memory;
  private int count;
  private long size;
  private Path file;
  private OutputStream out;
  private boolean handedOver;

  /**
   * @param stagingDir where a staging file is created when the data outgrows memory
   * @param memory the memory buffer ({@link #IN_MEMORY} bytes), reused once this is closed
   */
  DeflatedData(Path stagingDir, byte[] memory) {
    this.stagingDir = stagingDir;
    this.memory = memory;
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (file == null && count + len <= memory.length) {
      System.arraycopy(b, off, memory, count, len);
      count += len;
    } else {
      if (file == null) {
        file = Files.createTempFile(stagingDir, ".export-", ".deflate");
        out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        out.write(memory, 0, count);
      }
      out.write(b, off, len);
    }
    size += len;
  }

  long size() {
    return size;
  }

  /** The staged entry of these bytes; the staging file (if any) is then the entry's to delete. */
  StagedEntry toStaged(String name, long crc, long uncompressedSize) throws IOException {
    if (file == null) {
      return StagedEntry.deflated(
          name, crc, uncompressedSize, size, Arrays.copyOf(memory, count), null);
    }
    out.close();
    handedOver = true;
    return StagedEntry.deflated(name, crc, uncompressedSize, size, null, file);
  }

  @Override
  public void close() throws IOException {
    if (file != null && !handedOver) {
      try {
        out.close();
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }
}
