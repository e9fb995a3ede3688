package io.modelrunner.conformance.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdapterTargetTest {
  @Test
  void urlsKeepThePathOfTheRootAsTheDeployedOrchestratorDoes() {
    AdapterTarget target = target("http://host:8080/prefix/", "model/");

    assertThat(target.basePath()).isEqualTo("/model");
    assertThat(target.url("/status")).isEqualTo(URI.create("http://host:8080/prefix/status"));
    assertThat(target.subject()).isEqualTo("adapter http://host:8080/prefix/model");
  }

  @Test
  void anEmptyBasePathServesTheLifecycleAtTheRoot() {
    AdapterTarget target = target("http://host:8080", "/");

    assertThat(target.basePath()).isEmpty();
    assertThat(target.url(target.basePath() + "/request"))
        .isEqualTo(URI.create("http://host:8080/request"));
  }

  @Test
  void aTimeoutThatIsNotPositiveIsRefused() {
    assertThatThrownBy(
            () ->
                new AdapterTarget(
                    URI.create("http://h"), "/model", Optional.empty(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive");
  }

  private static AdapterTarget target(String root, String basePath) {
    return new AdapterTarget(URI.create(root), basePath, Optional.empty(), Duration.ofSeconds(1));
  }
}
