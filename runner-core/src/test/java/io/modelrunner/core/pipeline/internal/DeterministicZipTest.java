package io.modelrunner.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicZipTest {
  @TempDir Path dir;

  private final DeflatePool twoThreads = new DeflatePool(2);

  @Test
  void sameFilesGiveTheSameBytesWhateverTheOrderAndTimestamps() throws Exception {
    List<OutputEntry> first = writeTree(dir.resolve("a"), Instant.parse("2001-02-03T04:05:06Z"));
    List<OutputEntry> second = writeTree(dir.resolve("b"), Instant.parse("2024-12-31T23:59:59Z"));
    Collections.reverse(second);

    byte[] one = zip(first, twoThreads);
    byte[] two = zip(second, twoThreads);

    assertThat(two).isEqualTo(one);
  }

  @Test
  void oneThreadAndManyThreadsGiveTheSameBytesEveryTime() throws Exception {
    List<OutputEntry> entries = mixedTree(dir.resolve("mixed"));

    byte[] one = zip(entries, new DeflatePool(1));
    DeflatePool four = new DeflatePool(4);
    for (int round = 0; round < 3; round++) {
      assertThat(zip(entries, four)).as("4 threads, round %d", round).isEqualTo(one);
    }
    assertThat(zip(entries, new DeflatePool(3))).isEqualTo(one);
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void entriesAreSortedWithTheFixedTimestamp() throws Exception {
    List<OutputEntry> entries = writeTree(dir.resolve("a"), Instant.now());
    Path zip = dir.resolve("out.zip");
    try (OutputStream out = Files.newOutputStream(zip)) {
      new DeterministicZip(twoThreads).write(entries, dir, out);
    }
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<String> names = z.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .isSorted()
          .containsExactly(
              "log/container.log", "output/data.json", "output/sub/b.bin", "output/z.txt");
      assertThat(z.stream().map(ZipEntry::getTimeLocal)).containsOnly(DeterministicZip.FIXED_TIME);
      assertThat(z.stream().map(ZipEntry::getExtra)).containsOnlyNulls();
      try (InputStream in = z.getInputStream(z.getEntry("output/z.txt"))) {
        assertThat(new String(in.readAllBytes())).isEqualTo("zzz");
      }
    }
  }

  @Test
  void incompressibleAndEmptyEntriesAreStoredTheRestDeflated() throws Exception {
    List<OutputEntry> entries = mixedTree(dir.resolve("mixed"));
    Path zip = dir.resolve("out.zip");
    try (OutputStream out = Files.newOutputStream(zip)) {
      new DeterministicZip(twoThreads).write(entries, dir, out);
    }
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.getEntry("random-small.bin").getMethod()).isEqualTo(ZipEntry.STORED);
      assertThat(z.getEntry("random-large.bin").getMethod()).isEqualTo(ZipEntry.STORED);
      assertThat(z.getEntry("empty.txt").getMethod()).isEqualTo(ZipEntry.STORED);
      assertThat(z.getEntry("text-small.csv").getMethod()).isEqualTo(ZipEntry.DEFLATED);
      assertThat(z.getEntry("text-large.csv").getMethod()).isEqualTo(ZipEntry.DEFLATED);
      assertThat(z.getEntry("text-large.csv").getCompressedSize())
          .isLessThan(z.getEntry("text-large.csv").getSize() / 2);
    }
    assertReadsBackAsTheFiles(zip, entries);
  }

  @Test
  void differentContentGivesDifferentBytes() throws Exception {
    List<OutputEntry> first = writeTree(dir.resolve("a"), Instant.now());
    List<OutputEntry> second = writeTree(dir.resolve("b"), Instant.now());
    Files.writeString(dir.resolve("b/z.txt"), "zzZ");
    assertThat(zip(second, twoThreads)).isNotEqualTo(zip(first, twoThreads));
  }

  @Test
  void duplicateNamesAreRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("f.txt"), "x");
    List<OutputEntry> entries = List.of(new OutputEntry("a", file), new OutputEntry("a", file));
    assertThatThrownBy(() -> zip(entries, twoThreads))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate zip entry a");
  }

  @Test
  void aFileThatCannotBeReadFailsTheExportNamingItAndLeavesNoStagingFiles() throws Exception {
    List<OutputEntry> entries = new ArrayList<>(mixedTree(dir.resolve("mixed")));
    entries.add(new OutputEntry("text-middle.csv", dir.resolve("mixed/gone.csv")));

    assertThatThrownBy(() -> zip(entries, twoThreads))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("export entry text-middle.csv");
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void anInterruptedExportStopsAndLeavesNoStagingFiles() throws Exception {
    List<OutputEntry> entries = mixedTree(dir.resolve("mixed"));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> zip(entries, twoThreads)).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void aStoredFileThatChangesBeforeItIsWrittenFailsTheExport() throws Exception {
    Path file = dir.resolve("random.bin");
    Files.write(file, randomBytes(3 * EntryStager.SAMPLE, 5));
    EntryStager stager = new EntryStager(dir, () -> false);
    try (StagedEntry staged = stager.stage(new OutputEntry("random.bin", file))) {
      assertThat(staged.method()).isEqualTo(ZipEntry.STORED);
      Files.write(file, randomBytes(3 * EntryStager.SAMPLE, 6));
      // not closed: the failed entry stays open
      var zip =
          new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(
              new ByteArrayOutputStream());
      assertThatThrownBy(() -> staged.writeTo(zip))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("random.bin changed while it was exported");
    }
  }

  /**
   * Exports a 200 MB tree (incompressible and compressible data, plus many small files) on two
   * threads in a child JVM whose heap is capped at 32 MB: it can only succeed if the export
   * streams.
   */
  @Test
  void exportsALargeTreeInBoundedMemory() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("big/output"));
    Random random = new Random(42);
    byte[] chunk = new byte[1 << 20];
    for (int f = 0; f < 3; f++) {
      try (OutputStream out = Files.newOutputStream(tree.resolve("part-" + f + ".bin"))) {
        for (int mb = 0; mb < 50; mb++) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
    }
    try (OutputStream out = Files.newOutputStream(tree.resolve("part-3.csv"))) {
      for (int mb = 0; mb < 50; mb++) {
        out.write(csv(chunk.length, mb).getBytes(StandardCharsets.US_ASCII));
      }
    }
    Path small = Files.createDirectories(tree.resolve("small"));
    for (int i = 0; i < 2000; i++) {
      Files.writeString(small.resolve("f" + i + ".txt"), "file " + i);
    }
    Path zip = dir.resolve("big.zip");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                ExportInSmallHeap.class.getName(),
                tree.toString(),
                zip.toString())
            .inheritIO()
            .start();
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as("export in a 32 MB heap").isZero();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.size()).isEqualTo(2004);
      assertThat(z.getEntry("part-2.bin").getSize()).isEqualTo(50L << 20);
      assertThat(z.getEntry("part-2.bin").getMethod()).isEqualTo(ZipEntry.STORED);
      assertThat(z.getEntry("part-3.csv").getMethod()).isEqualTo(ZipEntry.DEFLATED);
    }
    assertThat(stagingFiles()).isEmpty();
  }

  /** The child JVM of {@link #exportsALargeTreeInBoundedMemory}. */
  public static final class ExportInSmallHeap {
    public static void main(String[] args) throws Exception {
      var scan = TreeScan.scan(Path.of(args[0]));
      Path zip = Path.of(args[1]);
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(zip))) {
        new DeterministicZip(new DeflatePool(2)).write(scan.files(), zip.getParent(), out);
      }
    }
  }

  private byte[] zip(List<OutputEntry> entries, DeflatePool pool) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DeterministicZip(pool).write(entries, dir, out);
    return out.toByteArray();
  }

  /** The staging files left in {@link #dir}. */
  private List<Path> stagingFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(".export-")).toList();
    }
  }

  private static void assertReadsBackAsTheFiles(Path zip, List<OutputEntry> entries)
      throws IOException {
    // ZipInputStream reads the local headers, ZipFile the central directory: both must agree
    int read = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip));
        ZipFile z = new ZipFile(zip.toFile())) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; read++) {
        String name = e.getName();
        Path file =
            entries.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().file();
        byte[] expected = Files.readAllBytes(file);
        assertThat(in.readAllBytes()).as(e.getName()).isEqualTo(expected);
        try (InputStream central = z.getInputStream(z.getEntry(e.getName()))) {
          assertThat(central.readAllBytes()).as(e.getName()).isEqualTo(expected);
        }
      }
    }
    assertThat(read).isEqualTo(entries.size());
  }

  /**
   * Empty, small and large (several staging buffers) files, compressible and not, and many small
   * ones, so that entries finish out of order on several threads.
   */
  private static List<OutputEntry> mixedTree(Path root) throws IOException {
    Files.createDirectories(root);
    List<OutputEntry> entries = new ArrayList<>();
    entries.add(entry(root, "empty.txt", new byte[0]));
    entries.add(entry(root, "random-small.bin", randomBytes(10_000, 1)));
    entries.add(entry(root, "random-large.bin", randomBytes(3_000_000, 2)));
    entries.add(entry(root, "text-small.csv", csv(5_000, 3).getBytes(StandardCharsets.US_ASCII)));
    entries.add(
        entry(root, "text-large.csv", csv(4_000_000, 4).getBytes(StandardCharsets.US_ASCII)));
    byte[] exact = csv(EntryStager.SAMPLE, 5).getBytes(StandardCharsets.US_ASCII);
    entries.add(entry(root, "text-exactly-the-sample.csv", exact));
    for (int i = 0; i < 60; i++) {
      entries.add(
          entry(root, "many/f" + i + ".txt", ("small file " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return entries;
  }

  private static OutputEntry entry(Path root, String name, byte[] content) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    return new OutputEntry(name, Files.write(file, content));
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** {@code size} characters of a CSV time series. */
  private static String csv(int size, long seed) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder(size + 64);
    for (int day = 0; sb.length() < size; day++) {
      sb.append(day).append(",US-CA,").append(random.nextInt(100_000)).append('\n');
    }
    sb.setLength(size);
    return sb.toString();
  }

  private static List<OutputEntry> writeTree(Path root, Instant mtime) throws Exception {
    Files.createDirectories(root.resolve("sub"));
    List<OutputEntry> entries = new ArrayList<>();
    entries.add(
        new OutputEntry(
            "output/data.json", Files.writeString(root.resolve("data.json"), "{\"x\":[1,2,3]}")));
    entries.add(new OutputEntry("output/z.txt", Files.writeString(root.resolve("z.txt"), "zzz")));
    byte[] bin = new byte[100_000];
    new Random(7).nextBytes(bin);
    entries.add(new OutputEntry("output/sub/b.bin", Files.write(root.resolve("sub/b.bin"), bin)));
    entries.add(
        new OutputEntry(
            "log/container.log", Files.writeString(root.resolve("container.log"), "hello\n")));
    for (OutputEntry e : entries) {
      Files.setLastModifiedTime(e.file(), FileTime.from(mtime));
    }
    return entries;
  }
}
