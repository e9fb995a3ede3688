package io.modelrunner.core.pipeline.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * One export entry ready to be written: its method, CRC and sizes, and its data — already deflated
 * (in memory or in a staging file, deleted by {@link #close}), or stored: in memory, or copied from
 * the original file when written (and checked against the CRC, so a file that changed since it was
 * staged fails the export instead of corrupting it).
 */
final class StagedEntry implements AutoCloseable {
  private final String name;
  private final int method;
  private final long crc;
  private final long size;
  private final long compressedSize;
  private final byte[] bytes;
  private final Path stagingFile;
  private final Path original;

  private StagedEntry(
      String name,
      int method,
      long crc,
      long size,
      long compressedSize,
      byte[] bytes,
      Path stagingFile,
      Path original) {
    this.name = name;
    this.method = method;
    this.crc = crc;
    this.size = size;
    this.compressedSize = compressedSize;
    this.bytes = bytes;
    this.stagingFile = stagingFile;
    this.original = original;
  }

  /** Deflated data, in {@code bytes} or (when {@code bytes} is null) in {@code stagingFile}. */
  static StagedEntry deflated(
      String name, long crc, long size, long compressedSize, byte[] bytes, Path stagingFile) {
    return new StagedEntry(
        name, ZipEntry.DEFLATED, crc, size, compressedSize, bytes, stagingFile, null);
  }

  /** Stored data held in memory. */
  static StagedEntry stored(String name, long crc, byte[] bytes) {
    return new StagedEntry(
        name, ZipEntry.STORED, crc, bytes.length, bytes.length, bytes, null, null);
  }

  /** Stored data copied from {@code original} when written. */
  static StagedEntry storedFrom(String name, long crc, long size, Path original) {
    return new StagedEntry(name, ZipEntry.STORED, crc, size, size, null, null, original);
  }

  String name() {
    return name;
  }

  int method() {
    return method;
  }

  /** Writes the entry to {@code zip} with the fixed timestamp and no extra fields. */
  void writeTo(ZipArchiveOutputStream zip) throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setMethod(method);
    entry.setTime(DeterministicZip.fixedTimeMillis());
    entry.setCrc(crc);
    entry.setSize(size);
    entry.setCompressedSize(compressedSize);
    try (InputStream data = data()) {
      zip.addRawArchiveEntry(entry, data);
    }
  }

  private InputStream data() throws IOException {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    if (stagingFile != null) {
      return Files.newInputStream(stagingFile);
    }
    return new CheckedCopy(Files.newInputStream(original, LinkOption.NOFOLLOW_LINKS));
  }

  /** Deletes the staging file, if any. */
  @Override
  public void close() throws IOException {
    if (stagingFile != null) {
      Files.deleteIfExists(stagingFile);
    }
  }

  /** The original file's bytes, which must still be the {@code size} bytes with {@code crc}. */
  private final class CheckedCopy extends InputStream {
    private final InputStream in;
    private final CRC32 check = new CRC32();
    private long left = size;

    CheckedCopy(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        if (in.read() >= 0 || check.getValue() != crc) {
          throw changed();
        }
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw changed();
      }
      check.update(b, off, n);
      left -= n;
      return n;
    }

    private IOException changed() {
      return new IOException(
          "the file of export entry "
              + FileNames.printable(name)
              + " changed while it was exported; nothing may write to a job's workspace after"
              + " its model has exited");
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
