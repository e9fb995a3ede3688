package io.modelrunner.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short external commands and captures what they print. */
public final class Commands {
  private Commands() {}

  /**
   * The output (stdout and stderr) of {@code command}, trimmed; empty when it cannot be run, fails
   * or takes more than 20 seconds.
   */
  public static String output(List<String> command) {
    return output(command, null);
  }

  public static String output(List<String> command, Path dir) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "";
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The first line of {@code text} (empty for empty text). */
  public static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /**
   * {@code command} as a person would type it: the JVM as {@code java} and a classpath as {@code
   * benchmarks.jar}.
   */
  public static String shown(List<String> command) {
    List<String> shown = new java.util.ArrayList<>();
    for (int i = 0; i < command.size(); i++) {
      String a = command.get(i);
      if (i > 0 && command.get(i - 1).equals("-cp")) {
        shown.add("benchmarks.jar");
      } else if (a.endsWith("/bin/java")) {
        shown.add("java");
      } else if (a.startsWith("-Djava.io.tmpdir=")) {
        shown.add("-Djava.io.tmpdir=…");
      } else {
        shown.add(a.contains(" ") ? "'" + a + "'" : a);
      }
    }
    return String.join(" ", shown);
  }
}
