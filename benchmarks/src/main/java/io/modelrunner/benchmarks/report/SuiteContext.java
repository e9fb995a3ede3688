package io.modelrunner.benchmarks.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a suite runs with.
 *
 * @param quick whether to run the short version (small sizes, few rounds): for trying the harness,
 *     not for numbers to keep
 * @param workDir a scratch folder the suite may fill (generated trees, zips); kept between runs so
 *     that generated inputs can be reused
 * @param classpath the classpath of this harness, for child JVMs
 * @param options {@code --name value} options of the command line, without the dashes
 * @param log where progress goes
 */
public record SuiteContext(
    boolean quick, Path workDir, String classpath, Map<String, String> options, PrintStream log) {
  public SuiteContext {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(classpath, "classpath");
    options = Map.copyOf(options);
    Objects.requireNonNull(log, "log");
  }

  /** An integer option, or the quick/full default. */
  public int intOption(String name, int quickDefault, int fullDefault) {
    String v = options.get(name);
    if (v == null) {
      return quick ? quickDefault : fullDefault;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'", e);
    }
  }

  /** A number option, or the quick/full default. */
  public double doubleOption(String name, double quickDefault, double fullDefault) {
    String v = options.get(name);
    if (v == null) {
      return quick ? quickDefault : fullDefault;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'", e);
    }
  }

  /** The path of the {@code java} running this harness, for child JVMs. */
  public String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
