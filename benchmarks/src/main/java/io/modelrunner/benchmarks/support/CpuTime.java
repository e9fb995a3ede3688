package io.modelrunner.benchmarks.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of a process and its descendants, from Linux's {@code /proc}: how much
 * of the machine a server used during a round, beside what it achieved.
 */
public final class CpuTime {
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private CpuTime() {}

  /** Whether CPU times can be read here (Linux). */
  public static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  /** CPU seconds used so far by {@code process} and all its live descendants; NaN off Linux. */
  public static double seconds(ProcessHandle process) {
    if (!available()) {
      return Double.NaN;
    }
    long ticks =
        Stream.concat(Stream.of(process), process.descendants())
            .mapToLong(p -> ticks(p.pid()))
            .sum();
    return ticks / (double) TICKS_PER_SECOND;
  }

  /** CPU seconds used so far by process {@code pid} alone (no descendants); NaN off Linux. */
  public static double ownSeconds(long pid) {
    return available() ? ticks(pid) / (double) TICKS_PER_SECOND : Double.NaN;
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) is in parentheses and may contain spaces: skip past it.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state); utime and stime are fields 14 and 15.
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0; // exited meanwhile
    }
  }

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder(List.of("getconf", "CLK_TCK")).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
