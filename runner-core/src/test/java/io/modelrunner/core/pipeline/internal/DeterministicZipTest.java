package io.modelrunner.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicZipTest {
  @TempDir Path dir;

  @Test
  void sameFilesGiveTheSameBytesWhateverTheOrderAndTimestamps() throws Exception {
    List<OutputEntry> first = writeTree(dir.resolve("a"), Instant.parse("2001-02-03T04:05:06Z"));
    List<OutputEntry> second = writeTree(dir.resolve("b"), Instant.parse("2024-12-31T23:59:59Z"));
    Collections.reverse(second);

    byte[] one = zip(first);
    byte[] two = zip(second);

    assertThat(two).isEqualTo(one);
  }

  @Test
  void entriesAreSortedWithTheFixedTimestamp() throws Exception {
    List<OutputEntry> entries = writeTree(dir.resolve("a"), Instant.now());
    Path zip = dir.resolve("out.zip");
    try (OutputStream out = Files.newOutputStream(zip)) {
      DeterministicZip.write(entries, out);
    }
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<String> names = z.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .isSorted()
          .containsExactly(
              "log/container.log", "output/data.json", "output/sub/b.bin", "output/z.txt");
      assertThat(z.stream().map(ZipEntry::getTimeLocal)).containsOnly(DeterministicZip.FIXED_TIME);
      try (InputStream in = z.getInputStream(z.getEntry("output/z.txt"))) {
        assertThat(new String(in.readAllBytes())).isEqualTo("zzz");
      }
    }
  }

  @Test
  void differentContentGivesDifferentBytes() throws Exception {
    List<OutputEntry> first = writeTree(dir.resolve("a"), Instant.now());
    List<OutputEntry> second = writeTree(dir.resolve("b"), Instant.now());
    Files.writeString(dir.resolve("b/z.txt"), "zzZ");
    assertThat(zip(second)).isNotEqualTo(zip(first));
  }

  /**
   * Exports a 200 MB tree (incompressible data, plus many small files) in a child JVM whose heap is
   * capped at 32 MB: it can only succeed if the export streams.
   */
  @Test
  void exportsALargeTreeInBoundedMemory() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("big/output"));
    Random random = new Random(42);
    byte[] chunk = new byte[1 << 20];
    for (int f = 0; f < 4; f++) {
      try (OutputStream out = Files.newOutputStream(tree.resolve("part-" + f + ".bin"))) {
        for (int mb = 0; mb < 50; mb++) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
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
      assertThat(z.getEntry("part-3.bin").getSize()).isEqualTo(50L << 20);
    }
  }

  /** The child JVM of {@link #exportsALargeTreeInBoundedMemory}. */
  public static final class ExportInSmallHeap {
    public static void main(String[] args) throws Exception {
      var scan = TreeScan.scan(Path.of(args[0]));
      try (OutputStream out =
          new java.io.BufferedOutputStream(Files.newOutputStream(Path.of(args[1])))) {
        DeterministicZip.write(scan.files(), out);
      }
    }
  }

  private static byte[] zip(List<OutputEntry> entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DeterministicZip.write(entries, out);
    return out.toByteArray();
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
