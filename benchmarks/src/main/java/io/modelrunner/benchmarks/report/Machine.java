package io.modelrunner.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Facts about the machine and the tools a report ran with, as shown in its header. */
public final class Machine {
  private Machine() {}

  /** CPU, cores, memory, OS, Java, the repository commit, and the versions of the baselines. */
  public static Map<String, String> describe(Path repoRoot) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("CPU", cpuModel());
    m.put(
        "cores (available to the JVM)",
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("memory", memTotal());
    m.put("OS", osName());
    m.put(
        "Java",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.vendor")
            + ")");
    String commit = Commands.output(List.of("git", "rev-parse", "--short", "HEAD"), repoRoot);
    if (!commit.isEmpty()) {
      boolean dirty =
          !Commands.output(
                  List.of("git", "status", "--porcelain", "--untracked-files=no"), repoRoot)
              .isEmpty();
      m.put("commit", commit + (dirty ? " (with uncommitted changes)" : ""));
    }
    m.put(
        "Docker",
        orMissing(
            Commands.output(
                List.of(
                    "docker",
                    "version",
                    "--format",
                    "engine {{.Server.Version}}, CLI {{.Client.Version}}"))));
    m.put("gunicorn", orMissing(Commands.output(List.of("gunicorn", "--version"))));
    m.put(
        "Flask",
        orMissing(
            Commands.output(
                List.of(
                    "/usr/bin/python3",
                    "-c",
                    "import sys, importlib.metadata as m;"
                        + " print(m.version('flask'), 'on Python', sys.version.split()[0])"))));
    m.put(
        "zip",
        orMissing(
            Commands.firstLine(
                Commands.output(List.of("zip", "-v")).lines().skip(1).findFirst().orElse(""))));
    return m;
  }

  /** The 1, 5 and 15 minute load averages, from {@code /proc/loadavg}; empty off Linux. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String orMissing(String s) {
    return s.isBlank() ? "not installed" : s;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "unknown";
  }

  private static String osName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring("PRETTY_NAME=".length()).replace("\"", "")
              + ", kernel "
              + System.getProperty("os.version");
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.name") + " " + System.getProperty("os.version");
  }
}
