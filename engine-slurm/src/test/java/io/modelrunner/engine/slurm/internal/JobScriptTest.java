package io.modelrunner.engine.slurm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobScriptTest {
  @TempDir Path temp;

  @Test
  void argumentsAreQuotedSoThatNoneIsInterpretedByTheShell() throws Exception {
    Path out = temp.resolve("out");
    String script =
        JobScript.command(
            "run-1",
            "m",
            List.of("/bin/sh", "-c", "printf '%s|' \"$@\" > " + out, "sh", "it's", "$HOME", "a b"),
            temp.toString());

    assertThat(runScript(script)).isZero();
    assertThat(Files.readString(out)).isEqualTo("it's|$HOME|a b|");
  }

  @Test
  void theContainerScriptPassesTheModelsExitCodeThrough() throws Exception {
    String script = JobScript.container("run-2", "m", List.of("/bin/sh", "-c", "exit 3"), "/");

    assertThat(runScript(script)).isEqualTo(3);
  }

  @Test
  void aSignalledContainerScriptKillsTheModelAtOnceAndEnds() throws Exception {
    Path pid = temp.resolve("pid");
    String script =
        JobScript.container(
            "run-3",
            "m",
            List.of(
                "/bin/sh", "-c", "trap '' TERM; echo $$ > " + pid + "; while :; do sleep 1; done"),
            "/");
    Path file = temp.resolve("job.sh");
    Files.writeString(file, script.replace("find /data/output", "find /nonexistent"));
    Process job =
        new ProcessBuilder("/bin/sh", file.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    long model = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).strip());

    // SIGTERM, as Slurm's cancel (Process.destroy would also close the script's pipes)
    assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(job.pid())).start().waitFor())
        .isZero();

    assertThat(job.waitFor(30, TimeUnit.SECONDS)).as("the script ended").isTrue();
    assertThat(job.exitValue()).isEqualTo(137);
    assertThat(ProcessHandle.of(model).map(ProcessHandle::isAlive).orElse(false))
        .as("the model ignoring SIGTERM is dead")
        .isFalse();
  }

  private int runScript(String script) throws Exception {
    Path file = temp.resolve("job-" + System.nanoTime() + ".sh");
    Files.writeString(file, script);
    Process process = new ProcessBuilder("/bin/sh", file.toString()).inheritIO().start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
