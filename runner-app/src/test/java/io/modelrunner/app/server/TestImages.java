package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.testkit.junit.Requirement;
import io.modelrunner.testkit.junit.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Connector images for the service tests, built from the local busybox base image: {@link #OK}
 * writes a valid {@code data.json} at once; {@link #SLOW} prints a line every 0.1 s for {@code
 * SLEEP} seconds (default 300; the catalog can set it) and then does the same; {@link #FAIL} exits
 * 3. Skips the test without Docker, or fails it where {@link Requirements} says Docker is required
 * (CI).
 */
final class TestImages {
  static final String BASE = "local/busybox:1";
  static final String OK = "model-runner-test/svc-ok:1";
  static final String SLOW = "model-runner-test/svc-slow:1";
  static final String FAIL = "model-runner-test/svc-fail:1";

  private static final String WRITE_OUTPUT =
      """
      M='[0,1]'
      printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
        "$(cat /data/input/inputFile.json)" $M $M $M $M $M $M $M $M $M $M $M > /data/output/data.json
      """;

  private static boolean built;

  private TestImages() {}

  static synchronized void build() throws IOException, InterruptedException {
    if (built) {
      return;
    }
    boolean docker = exec(List.of("docker", "image", "inspect", BASE)) == 0;
    Requirements.fromEnvironment()
        .require(
            Requirement.DOCKER,
            docker,
            "no Docker engine answers, or " + BASE + " is missing (run .ci/docker-setup.sh)");
    image(OK, "#!/bin/sh\nset -e\necho ok-model starting\n" + WRITE_OUTPUT);
    image(
        SLOW,
        "#!/bin/sh\nset -e\nn=$(( ${SLEEP:-300} * 10 ))\ni=0\n"
            + "while [ $i -lt $n ]; do echo \"tick $i\"; sleep 0.1; i=$((i+1)); done\n"
            + WRITE_OUTPUT);
    image(FAIL, "#!/bin/sh\necho 'about to fail' >&2\nexit 3\n");
    built = true;
  }

  private static void image(String tag, String script) throws IOException, InterruptedException {
    Path context = Files.createTempDirectory("svc-image");
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM "
            + BASE
            + "\nCOPY model.sh /model.sh\nRUN chmod 755 /model.sh\nENTRYPOINT [\"/model.sh\"]\n");
    Files.writeString(context.resolve("model.sh"), script);
    assertThat(exec(List.of("docker", "build", "-q", "-t", tag, context.toString()))).isZero();
  }

  /** The ids of the containers carrying label {@code key=value}. */
  static List<String> containersLabelled(String key, String value)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "docker", "ps", "-aq", "--no-trunc", "--filter", "label=" + key + "=" + value)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor(30, TimeUnit.SECONDS);
    return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
  }

  static int exec(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).inheritIO().start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
