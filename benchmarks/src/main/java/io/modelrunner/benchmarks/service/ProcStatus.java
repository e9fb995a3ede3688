package io.modelrunner.benchmarks.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process's memory from Linux's {@code /proc/<pid>/status}: {@code VmRSS} now, {@code VmHWM} (the
 * kernel's own peak-RSS mark), and a sampler that keeps the largest {@code VmRSS} it saw.
 */
final class ProcStatus {
  private ProcStatus() {}

  /** A field of {@code /proc/<pid>/status} in KiB; -1 when it cannot be read. */
  static long kib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return -1;
  }

  /** The pids of the processes whose command name ({@code /proc/<pid>/comm}) is one of these. */
  static List<Long> pidsNamed(List<String> names) {
    try (var dirs = Files.list(Path.of("/proc"))) {
      return dirs.filter(p -> p.getFileName().toString().matches("[0-9]+"))
          .filter(
              p -> {
                try {
                  return names.contains(Files.readString(p.resolve("comm")).strip());
                } catch (IOException e) {
                  return false;
                }
              })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * CPU seconds of the children a process has waited for (fields {@code cutime} + {@code cstime} of
   * {@code /proc/<pid>/stat}): for the harness, the {@code docker} CLI processes it ran; NaN when
   * unreadable.
   */
  static double reapedChildrenCpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3; cutime and cstime are fields 16 and 17
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * The machine's busy CPU seconds so far, all cores ({@code /proc/stat}: everything but idle and
   * iowait); NaN when unreadable. Includes every process on the machine, other people's too.
   */
  static double machineBusySeconds() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / (double) TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * CPU ticks of every live thread of process {@code pid}, by thread id, with its name ({@code
   * /proc/<pid>/task/<tid>/comm}, at most 15 characters).
   */
  static Map<Long, Map.Entry<String, Long>> threadTicks(long pid) {
    Map<Long, Map.Entry<String, Long>> m = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          String comm = Files.readString(t.resolve("comm")).strip();
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          m.put(Long.parseLong(t.getFileName().toString()), Map.entry(comm, ticks));
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // gone, or not Linux
    }
    return m;
  }

  /**
   * CPU seconds by thread group between two {@link #threadTicks} snapshots: a group is a thread
   * name without its trailing number; threads started in between count whole; what threads that
   * ended in between used is the process's total minus the rest ({@code "(threads that ended)"}).
   */
  static Map<String, Double> threadGroups(
      Map<Long, Map.Entry<String, Long>> before,
      Map<Long, Map.Entry<String, Long>> after,
      double processSeconds) {
    Map<String, Double> groups = new TreeMap<>();
    double attributed = 0;
    for (Map.Entry<Long, Map.Entry<String, Long>> e : after.entrySet()) {
      Map.Entry<String, Long> was = before.get(e.getKey());
      long ticks = e.getValue().getValue() - (was == null ? 0 : was.getValue());
      double seconds = ticks / (double) TICKS;
      String group = e.getValue().getKey().replaceAll("[-#_ ]*[0-9]+$", "");
      groups.merge(group, seconds, Double::sum);
      attributed += seconds;
    }
    groups.put("(threads that ended)", Math.max(0, processSeconds - attributed));
    return groups;
  }

  /** Clock ticks per second of {@code /proc} times (USER_HZ: 100 on Linux). */
  private static final long TICKS = 100;

  /** Samples {@code VmRSS} of a process every {@code periodMillis} on a daemon thread. */
  static final class RssSampler implements AutoCloseable {
    private final AtomicLong peakKib = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean stop;

    RssSampler(long pid, long periodMillis) {
      thread =
          new Thread(
              () -> {
                while (!stop) {
                  long kib = kib(pid, "VmRSS");
                  peakKib.accumulateAndGet(kib, Math::max);
                  try {
                    Thread.sleep(periodMillis);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long peakKib() {
      return peakKib.get();
    }

    @Override
    public void close() {
      stop = true;
      thread.interrupt();
    }
  }
}
