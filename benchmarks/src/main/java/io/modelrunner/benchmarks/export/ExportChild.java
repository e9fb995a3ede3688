package io.modelrunner.benchmarks.export;

import io.modelrunner.benchmarks.support.HeapWatcher;
import io.modelrunner.core.pipeline.internal.DeflatePool;
import io.modelrunner.core.pipeline.internal.DeterministicZip;
import io.modelrunner.core.pipeline.internal.OutputEntry;
import io.modelrunner.core.pipeline.internal.TreeScan;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The JVM side of the export benchmark, run as its own JVM (with {@code -Xmx64m}) so that its heap
 * can be measured: scans a tree and zips it the way runner-core's {@code ExportStep} does ({@code
 * runner-core}: {@link TreeScan} then {@link DeterministicZip} on a {@link DeflatePool} of THREADS
 * threads into a 64 KiB-buffered file, staging beside the zip), or with the exporter before issue
 * 18 ({@code before}: {@link SequentialJdkZip}). Calls runner-core's internal package on purpose:
 * it is what the runner runs. Prints one {@code RESULT} line.
 *
 * <p>Usage: {@code ExportChild runner-core|before TREE OUT.zip [THREADS]}
 */
public final class ExportChild {
  private ExportChild() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ExportChild runner-core|before TREE OUT.zip [THREADS]");
      System.exit(2);
    }
    String variant = args[0];
    Path tree = Path.of(args[1]);
    Path zip = Path.of(args[2]);
    int threads =
        args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    try (HeapWatcher heap = HeapWatcher.start()) {
      long t0 = System.nanoTime();
      List<OutputEntry> entries = TreeScan.scan(tree).files();
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip), 64 * 1024)) {
        switch (variant) {
          case "runner-core" ->
              new DeterministicZip(new DeflatePool(threads))
                  .write(entries, zip.toAbsolutePath().getParent(), out);
          case "before" -> SequentialJdkZip.write(entries, out);
          default -> throw new IllegalArgumentException("unknown variant " + variant);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(200); // GC notifications arrive asynchronously
      System.out.printf(
          Locale.ROOT,
          "RESULT seconds=%.6f peakUsedBytes=%d maxAfterGcBytes=%d collections=%d entries=%d%n",
          seconds,
          heap.peakUsed(),
          heap.maxAfterGc(),
          heap.collections(),
          entries.size());
    }
  }
}
