package io.modelrunner.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportThreadsKeyTest {
  @Test
  void byDefaultAQuarterOfTheProcessorsAndAtLeastOne() {
    int expected = Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
    assertThat(ServiceConfig.load(null, Map.of(), Map.of()).runs().exportThreads())
        .isEqualTo(expected);
  }

  @Test
  void aConfiguredCountIsTakenAsItIs() {
    ServiceConfig config =
        ServiceConfig.load(null, Map.of("MODEL_RUNNER_EXPORT_THREADS", "3"), Map.of());
    assertThat(config.runs().exportThreads()).isEqualTo(3);
  }

  @Test
  void aNegativeCountIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () -> ServiceConfig.load(null, Map.of("MODEL_RUNNER_EXPORT_THREADS", "-1"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("export.threads");
  }
}
