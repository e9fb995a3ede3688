package io.modelrunner.benchmarks.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawSbatchTest {
  private final Path folder = Path.of("/shared/bench/raw-r1");

  @Test
  void submitsAsTheJobUserWithTheEnginesJobFieldsUnderTheDefaultLimits() {
    List<String> command =
        RawSbatch.command("mrunner", request(ExecutionLimits.defaults()), folder);

    assertThat(command.subList(0, 5)).containsExactly("runuser", "-u", "mrunner", "--", "sbatch");
    assertThat(command)
        .contains(
            "--parsable",
            "--job-name=r1",
            "--container=/shared/bench/raw-r1/bundle",
            "--output=/shared/bench/raw-r1/job.out",
            "--chdir=/shared/bench/raw-r1",
            "--time=121", // the deadline of 2 h plus the engine's backstop minute
            "--mem=2048M",
            "--cpus-per-task=1",
            "--ntasks=1")
        .endsWith("/shared/bench/raw-r1/job.sh");
  }

  @Test
  void roundsTheLimitsUpAsTheEngineDoes() {
    ExecutionLimits d = ExecutionLimits.defaults();
    ExecutionLimits limits =
        new ExecutionLimits(
            Duration.ofSeconds(90),
            (300L << 20) + 1,
            1_500_000_000L,
            d.pidsLimit(),
            d.logCapBytes(),
            d.tmpfsBytes(),
            false,
            true,
            null);

    List<String> command = RawSbatch.command("mrunner", request(limits), folder);

    assertThat(command).contains("--time=3", "--mem=301M", "--cpus-per-task=2");
  }

  @Test
  void showsTheCommandWithPlaceholders() {
    List<String> command =
        RawSbatch.command("mrunner", request(ExecutionLimits.defaults()), folder);

    assertThat(RawSbatch.shown(command, folder, "r1"))
        .contains("--container=$JOB/bundle", "--job-name=$RUN", "$JOB/job.sh")
        .doesNotContain("/shared/bench");
  }

  @Test
  void p90IsARunsOwnValueByNearestRank() {
    assertThat(SlurmSuite.p90(List.of(5.0, 1.0, 3.0, 2.0, 4.0, 6.0, 7.0, 8.0, 9.0, 10.0)))
        .isEqualTo(9.0);
    assertThat(SlurmSuite.p90(List.of(1.0, Double.NaN, 2.0))).isEqualTo(2.0);
    assertThat(SlurmSuite.p90(List.of())).isNaN();
  }

  private static ExecutionRequest request(ExecutionLimits limits) {
    return new ExecutionRequest(
        "r1",
        ModelLaunch.image("bench-ok", "model-runner-bench/ok:1"),
        Workspace.under(Path.of("/shared/bench/r1")),
        limits,
        Map.of());
  }
}
