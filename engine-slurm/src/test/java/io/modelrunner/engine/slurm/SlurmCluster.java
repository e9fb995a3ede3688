package io.modelrunner.engine.slurm;

import io.modelrunner.testkit.junit.ServerCheck;
import java.util.Optional;

/** Finds the test cluster of {@code bash .ci/slurm.sh}: for {@code @RequiresServer}. */
public final class SlurmCluster implements ServerCheck {
  static final String MISSING =
      "no Slurm cluster: run `while read -r v; do export \"$v\"; done < <(bash .ci/slurm.sh)` (Debian: munge,"
          + " slurmctld, slurmd, slurmrestd, slurm-wlm-jwt-plugin, runc)";

  @Override
  public Optional<String> missing() {
    Optional<TestSlurm> slurm = TestSlurm.fromEnvironment();
    if (slurm.isEmpty()) {
      return Optional.of(MISSING);
    }
    try (SlurmEngine engine = new SlurmEngine(slurm.get().config("probe"))) {
      return engine.ping()
          ? Optional.empty()
          : Optional.of(
              "slurmrestd at " + slurm.get().url() + " does not answer: run bash .ci/slurm.sh");
    }
  }
}
