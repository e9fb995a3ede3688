package io.modelrunner.benchmarks.export;

import io.modelrunner.core.pipeline.internal.DeterministicZip;
import io.modelrunner.core.pipeline.internal.OutputEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ParallelScatterZipCreator;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.parallel.FileBasedScatterGatherBackingStore;
import org.apache.commons.compress.parallel.InputStreamSupplier;

/**
 * The measured proposal for runner-core's export: {@link DeterministicZip}'s contract (entries
 * sorted by name, every timestamp the DOS epoch, no permissions or extra fields, one deflate level)
 * with the entries deflated in parallel by commons-compress's {@link ParallelScatterZipCreator}.
 *
 * <p>Deterministic: each entry is deflated on its own (independent of which thread does it), the
 * creator writes the entries in the order they were added (each thread's scatter file is read back
 * in that order), and nothing in an entry depends on time or the host. Not byte-identical to {@link
 * DeterministicZip} (which writes data descriptors after each entry; this writes sizes and CRCs in
 * the local headers), so adopting it changes export hashes once. Compressed data is staged in one
 * temporary file per thread (under {@code java.io.tmpdir}), then copied into the zip.
 */
public final class ParallelDeterministicZip {
  private ParallelDeterministicZip() {}

  public static void write(List<OutputEntry> entries, OutputStream out, int threads)
      throws IOException {
    List<OutputEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(OutputEntry::name));
    long dosEpoch =
        DeterministicZip.FIXED_TIME.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ParallelScatterZipCreator creator =
        new ParallelScatterZipCreator(
            pool,
            () ->
                new FileBasedScatterGatherBackingStore(
                    Files.createTempFile("export-scatter", ".tmp")),
            Deflater.DEFAULT_COMPRESSION);
    String previous = null;
    for (OutputEntry entry : sorted) {
      if (entry.name().equals(previous)) {
        throw new IllegalArgumentException("duplicate zip entry " + entry.name());
      }
      previous = entry.name();
      ZipArchiveEntry z = new ZipArchiveEntry(entry.name());
      z.setMethod(ZipEntry.DEFLATED);
      z.setTime(dosEpoch);
      InputStreamSupplier source =
          () -> {
            try {
              return Files.newInputStream(entry.file(), LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          };
      creator.addArchiveEntry(z, source);
    }
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      zip.setUseZip64(Zip64Mode.AsNeeded);
      creator.writeTo(zip);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while zipping", e);
    } catch (ExecutionException e) {
      throw new IOException("zipping failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
