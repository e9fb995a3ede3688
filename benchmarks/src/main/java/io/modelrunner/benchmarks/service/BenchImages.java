package io.modelrunner.benchmarks.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The connector images the service suites run, built from the local busybox base image as the
 * runner's service tests build theirs: {@link #OK} writes a valid {@code data.json} at once (the
 * trivial connector); {@link #SLEEP} prints a line and sleeps for five minutes (for cancels).
 */
public final class BenchImages {
  public static final String BASE = "local/busybox:1";
  public static final String OK = "model-runner-bench/ok:1";
  public static final String SLEEP = "model-runner-bench/sleep:1";

  /** The trivial connector's script: one log line, then the output from the input. */
  static final String OK_SCRIPT =
      """
      #!/bin/sh
      set -e
      echo bench-ok starting
      M='[0,1]'
      printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
        "$(cat /data/input/inputFile.json)" $M $M $M $M $M $M $M $M $M $M $M > /data/output/data.json
      """;

  static final String SLEEP_SCRIPT = "#!/bin/sh\necho bench-sleep starting\nsleep 300\n";

  private BenchImages() {}

  /** Builds both images (a no-op for Docker's cache when nothing changed). */
  public static void build(Path scratch) throws IOException, InterruptedException {
    image(OK, OK_SCRIPT, scratch.resolve("image-ok"));
    image(SLEEP, SLEEP_SCRIPT, scratch.resolve("image-sleep"));
  }

  private static void image(String tag, String script, Path context)
      throws IOException, InterruptedException {
    Files.createDirectories(context);
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM "
            + BASE
            + "\nCOPY model.sh /model.sh\nRUN chmod 755 /model.sh\nENTRYPOINT [\"/model.sh\"]\n",
        StandardCharsets.UTF_8);
    Files.writeString(context.resolve("model.sh"), script, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(List.of("docker", "build", "-q", "-t", tag, context.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("docker build of " + tag + " failed: " + out);
    }
  }
}
