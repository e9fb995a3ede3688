package io.modelrunner.benchmarks.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Generates a model-output-like tree of a given size, the same bytes for the same size and seed:
 * about half compressible (CSV series, logs, small JSON files) and half incompressible (random
 * binaries, "images"), in a few large and many small files.
 */
public final class TreeGenerator {
  /** The parts of the tree: folder, file name pattern, share of the bytes, file size. */
  private enum Part {
    CSV("series/region-%04d.csv", 0.35, 1.0 / 64, 64 << 10, 8 << 20, true),
    LOG("log/worker-%04d.log", 0.12, 1.0 / 256, 16 << 10, 1 << 20, true),
    JSON("summaries/day-%05d.json", 0.05, 1.0 / 4096, 2 << 10, 16 << 10, true),
    BINARY("checkpoints/state-%03d.bin", 0.40, 1.0 / 16, 256 << 10, 64 << 20, false),
    IMAGE("charts/chart-%04d.png", 0.08, 1.0 / 512, 8 << 10, 512 << 10, false);

    final String pattern;
    final double share;
    final double fileFraction;
    final long minFile;
    final long maxFile;
    final boolean compressible;

    Part(
        String pattern,
        double share,
        double fileFraction,
        long minFile,
        long maxFile,
        boolean compressible) {
      this.pattern = pattern;
      this.share = share;
      this.fileFraction = fileFraction;
      this.minFile = minFile;
      this.maxFile = maxFile;
      this.compressible = compressible;
    }
  }

  /** Whether the entry {@code name} (relative to the tree's root) holds compressible data. */
  public static boolean compressible(String name) {
    for (Part part : Part.values()) {
      String folder = part.pattern.substring(0, part.pattern.indexOf('/') + 1);
      if (name.startsWith(folder)) {
        return part.compressible;
      }
    }
    throw new IllegalArgumentException("not a generated file: " + name);
  }

  /** What was generated. */
  public record Tree(Path root, long bytes, int files, long compressibleBytes) {}

  private TreeGenerator() {}

  /**
   * Generates a tree of about {@code totalBytes} under {@code root} (which must not exist yet or be
   * empty).
   */
  public static Tree generate(Path root, long totalBytes, long seed) throws IOException {
    Files.createDirectories(root);
    try (Stream<Path> s = Files.list(root)) {
      if (s.findAny().isPresent()) {
        throw new IOException(root + " is not empty");
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    long bytes = 0;
    long compressible = 0;
    int files = 0;
    for (Part part : Part.values()) {
      long partBytes = Math.round(totalBytes * part.share);
      long fileSize =
          Math.max(
              part.minFile, Math.min(part.maxFile, Math.round(totalBytes * part.fileFraction)));
      int n = 0;
      for (long written = 0; written < partBytes; n++) {
        long size = Math.min(fileSize, partBytes - written);
        Path file = root.resolve(String.format(Locale.ROOT, part.pattern, n));
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          switch (part) {
            case CSV -> csv(out, size, random);
            case LOG -> log(out, size, random, n);
            case JSON -> json(out, size, random, n);
            default -> randomBytes(out, size, random);
          }
        }
        written += size;
        files++;
      }
      bytes += partBytes;
      if (part.compressible) {
        compressible += partBytes;
      }
    }
    return new Tree(root, bytes, files, compressible);
  }

  private static void randomBytes(OutputStream out, long size, SplittableRandom random)
      throws IOException {
    byte[] buf = new byte[1 << 16];
    for (long left = size; left > 0; ) {
      for (int i = 0; i < buf.length; i += 8) {
        long v = random.nextLong();
        for (int k = 0; k < 8; k++) {
          buf[i + k] = (byte) (v >>> (8 * k));
        }
      }
      int n = (int) Math.min(buf.length, left);
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static void csv(OutputStream out, long size, SplittableRandom random) throws IOException {
    StringBuilder sb = new StringBuilder(1 << 16);
    sb.append("day,date,region,susceptible,infected,recovered,deaths,r_eff\n");
    long written = 0;
    int day = 0;
    double infected = 10;
    while (written < size) {
      infected = Math.max(1, infected * (0.97 + 0.06 * random.nextDouble()));
      sb.append(day)
          .append(",2020-")
          .append(String.format(Locale.ROOT, "%02d-%02d", 1 + (day / 28) % 12, 1 + day % 28))
          .append(",US-")
          .append((char) ('A' + random.nextInt(26)))
          .append((char) ('A' + random.nextInt(26)))
          .append(',')
          .append(1_000_000 - day * 7L)
          .append(',')
          .append(infected)
          .append(',')
          .append(random.nextInt(100_000))
          .append(',')
          .append(random.nextInt(1000))
          .append(',')
          .append(Math.round(random.nextDouble() * 3_000_000) / 1_000_000.0)
          .append('\n');
      day++;
      if (sb.length() > 60_000) {
        written += flush(out, sb, size - written);
      }
    }
    if (written < size) {
      flush(out, sb, size - written);
    }
  }

  private static void log(OutputStream out, long size, SplittableRandom random, int worker)
      throws IOException {
    String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN"};
    String[] events = {
      "step finished",
      "checkpoint written",
      "exchanging boundary values",
      "solver converged",
      "reading input chunk",
      "retrying after transient error"
    };
    StringBuilder sb = new StringBuilder(1 << 16);
    long written = 0;
    long t = 1_600_000_000_000L;
    while (written < size) {
      t += random.nextInt(5000);
      sb.append(t)
          .append(' ')
          .append(levels[random.nextInt(levels.length)])
          .append(" worker-")
          .append(worker)
          .append(" [")
          .append(events[random.nextInt(events.length)])
          .append("] iteration=")
          .append(random.nextInt(1_000_000))
          .append(" residual=")
          .append(random.nextDouble())
          .append('\n');
      if (sb.length() > 60_000) {
        written += flush(out, sb, size - written);
      }
    }
    if (written < size) {
      flush(out, sb, size - written);
    }
  }

  private static void json(OutputStream out, long size, SplittableRandom random, int day)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"day\": ").append(day).append(", \"values\": [");
    while (sb.length() < size) {
      sb.append(random.nextDouble() * 1000).append(", ");
    }
    sb.append("0]}\n");
    flush(out, sb, size);
  }

  /**
   * Writes at most {@code limit} chars of {@code sb} (ASCII) and clears it; returns bytes written.
   */
  private static long flush(OutputStream out, StringBuilder sb, long limit) throws IOException {
    byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
    int n = (int) Math.min(b.length, limit);
    out.write(b, 0, n);
    sb.setLength(0);
    return n;
  }
}
