package io.modelrunner.conformance.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.conformance.connector.ConnectorTarget.Engine;
import io.modelrunner.conformance.connector.DockerSide.ImageFacts;
import io.modelrunner.core.engine.ExecutionLimits;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Engines by name, and the limits each kind of run gets. */
class ConnectorTargetTest {
  @Test
  void dockerAndProcessAreEnginesAndSlurmIsRefusedNamingWhy() {
    assertThat(Engine.parse("Docker")).isEqualTo(Engine.DOCKER);
    assertThat(Engine.parse("process")).isEqualTo(Engine.PROCESS);
    assertThatThrownBy(() -> Engine.parse("slurm"))
        .hasMessageContaining("does not submit Slurm jobs")
        .hasMessageContaining("--engine docker");
    assertThatThrownBy(() -> Engine.parse("k8s")).hasMessageContaining("choose docker or process");
  }

  @Test
  void anImageOfRootsRunsSandboxedAsNobody() {
    ExecutionLimits open = ConnectorCheck.relaxed(ExecutionLimits.defaults());

    ExecutionLimits sandboxed =
        ConnectorCheck.sandboxed(open, Optional.of(new ImageFacts(List.of("/m"), List.of(), "")));

    assertThat(sandboxed.network()).isFalse();
    assertThat(sandboxed.readOnlyRootFs()).isTrue();
    assertThat(sandboxed.user()).isEqualTo(ConnectorCheck.NON_ROOT_USER);
  }

  @Test
  void anImageWithAUserOfItsOwnKeepsIt() {
    ExecutionLimits sandboxed =
        ConnectorCheck.sandboxed(
            ExecutionLimits.defaults(),
            Optional.of(new ImageFacts(List.of("/m"), List.of(), "10001:10001")));

    assertThat(sandboxed.user()).isNull();
  }

  @Test
  void theRunOutsideTheSandboxGetsANetworkAWritableRootAndTheImagesUser() {
    ExecutionLimits relaxed = ConnectorCheck.relaxed(ExecutionLimits.defaults());

    assertThat(relaxed.network()).isTrue();
    assertThat(relaxed.readOnlyRootFs()).isFalse();
    assertThat(relaxed.user()).isNull();
  }
}
