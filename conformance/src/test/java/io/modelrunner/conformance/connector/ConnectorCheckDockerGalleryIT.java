package io.modelrunner.conformance.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.connector.BrokenConnectorImages.Breakage;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The container-only clauses on the real Docker engine: each broken image fails exactly its clause;
 * the faithful one passes every clause.
 */
@RequiresDocker(images = TestDocker.BUSYBOX)
class ConnectorCheckDockerGalleryIT {
  private static TestDocker docker;

  @TempDir Path dir;

  @BeforeAll
  static void docker() {
    docker = new TestDocker();
  }

  @AfterAll
  static void close() throws Exception {
    docker.close();
  }

  @AfterEach
  void noContainerOfTheCheckIsLeft() {
    assertThat(
            docker
                .client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(ConnectorRuns.CHECK_LABEL))
                .exec())
        .isEmpty();
  }

  private CheckReport check(String image) throws Exception {
    return new ConnectorCheck(System.getenv(), dir.resolve("scratch"), new SchemaValidator())
        .check(BrokenConnectorImages.target(dir, image));
  }

  @Test
  void theFaithfulImagePassesEveryClause() throws Exception {
    CheckReport report = check(BrokenConnectorImages.faithful(docker));

    assertThat(report.findings())
        .as(ConnectorCheckProcessGalleryIT.describe(report))
        .allSatisfy(f -> assertThat(f.outcome()).isEqualTo(Outcome.PASS));
  }

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void aBrokenImageFailsExactlyItsClause(Breakage breakage) throws Exception {
    CheckReport report = check(breakage.image(docker));

    assertThat(report.findings())
        .as(ConnectorCheckProcessGalleryIT.describe(report))
        .filteredOn(f -> f.outcome() == Outcome.FAIL || f.outcome() == Outcome.WARN)
        .extracting(f -> f.clause().id(), Finding::outcome)
        .containsExactly(tuple(breakage.clause().id(), Outcome.FAIL));
    assertThat(report.passed()).isFalse();
  }
}
