package io.modelrunner.benchmarks.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerWatchTest {
  @TempDir Path root;

  @Test
  void seesOnlyItsJobsContainerComeAndGo() throws Exception {
    Files.createDirectory(root.resolve("vm.mrunner.420.4294967291.0"));
    try (ContainerWatch watch = ContainerWatch.start(root, "mrunner", 42)) {
      assertThat(watch.awaitAppeared(Duration.ofMillis(50))).isFalse();
      Path container = Files.createDirectory(root.resolve("vm.mrunner.42.4294967291.0"));
      assertThat(watch.awaitAppeared(Duration.ofSeconds(10))).isTrue();
      assertThat(watch.name()).isEqualTo("vm.mrunner.42.4294967291.0");
      assertThat(watch.goneNanos()).isEqualTo(-1);

      Files.delete(container);

      assertThat(watch.awaitGone(Duration.ofSeconds(10))).isTrue();
      assertThat(watch.appearedNanos()).isPositive();
      assertThat(watch.goneNanos()).isGreaterThan(watch.appearedNanos());
    }
  }

  @Test
  void aContainerAlreadyThereHasNoKnownCreationTime() throws Exception {
    Path container = Files.createDirectory(root.resolve("vm.mrunner.7.4294967291.0"));
    try (ContainerWatch watch = ContainerWatch.start(root, "mrunner", 7)) {
      assertThat(watch.awaitAppeared(Duration.ofSeconds(10))).isTrue();
      Files.delete(container);
      assertThat(watch.awaitGone(Duration.ofSeconds(10))).isTrue();
      assertThat(watch.appearedNanos()).isEqualTo(-1);
      assertThat(watch.goneNanos()).isPositive();
    }
  }
}
