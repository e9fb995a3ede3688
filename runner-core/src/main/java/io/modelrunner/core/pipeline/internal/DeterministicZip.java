package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apiguardian.api.API;

/**
 * Writes a zip whose bytes depend only on the entries' names and contents, whatever the number of
 * threads and their timing: entries sorted by name, every timestamp 1980-01-01T00:00 (the DOS
 * epoch, no extended-time fields), no permissions, no comments; each entry deflated at level 6, or
 * STORED when its start does not compress ({@link EntryStager}); sizes and CRCs in the local
 * headers (no data descriptors), Zip64 fields only where a size or offset needs them.
 *
 * <p>Entries are compressed on the {@link DeflatePool}'s threads, at most two per thread ahead of
 * the one being written, each into memory (up to 256 KiB) or a staging file in the staging folder;
 * the calling thread writes them in name order, deleting each staging file once copied. Memory use
 * depends on neither file sizes nor file count (beyond the entry list). On any failure or interrupt
 * the remaining work is abandoned and every staging file deleted before this returns.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class DeterministicZip {
  /** The timestamp of every entry. */
  public static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private final DeflatePool pool;

  public DeterministicZip(DeflatePool pool) {
    this.pool = pool;
  }

  /**
   * Writes {@code entries} (in name order, whatever order they come in) to {@code out}, then closes
   * it, staging compressed data in {@code stagingDir}.
   *
   * @throws InterruptedException when the calling thread was interrupted; nothing is left staged
   */
  public void write(List<OutputEntry> entries, Path stagingDir, OutputStream out)
      throws IOException, InterruptedException {
    List<OutputEntry> sorted = sorted(entries);
    AtomicBoolean aborted = new AtomicBoolean();
    EntryStager stager = new EntryStager(stagingDir, aborted::get);
    int window = 2 * pool.threads();
    Deque<StagingTask> inFlight = new ArrayDeque<>();
    Iterator<OutputEntry> next = sorted.iterator();
    Throwable primary = null;
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      zip.setUseZip64(Zip64Mode.AsNeeded);
      while (next.hasNext() || !inFlight.isEmpty()) {
        while (inFlight.size() < window && next.hasNext()) {
          StagingTask task = new StagingTask(next.next(), stager);
          inFlight.add(task);
          pool.execute(task);
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("export interrupted");
        }
        try (StagedEntry staged = inFlight.peek().await()) {
          inFlight.poll();
          staged.writeTo(zip);
        }
      }
      zip.finish();
    } catch (Throwable t) {
      primary = t;
      throw t;
    } finally {
      aborted.set(true);
      try {
        abandon(inFlight);
      } catch (IOException e) {
        if (primary == null) {
          throw e;
        }
        primary.addSuppressed(e);
      } finally {
        stager.close();
      }
    }
  }

  /**
   * {@link #FIXED_TIME} in the default time zone, which the zip writer converts back to the same
   * DOS date and time fields.
   */
  static long fixedTimeMillis() {
    return FIXED_TIME.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
  }

  private static void abandon(Deque<StagingTask> tasks) throws IOException {
    IOException failed = null;
    for (StagingTask task : tasks) {
      try {
        task.abandon();
      } catch (IOException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private static List<OutputEntry> sorted(List<OutputEntry> entries) {
    List<OutputEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(OutputEntry::name));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
        throw new IllegalArgumentException("duplicate zip entry " + sorted.get(i).name());
      }
    }
    return sorted;
  }
}
