package io.modelrunner.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  @Test
  void theVariableChoosesPlainOrJsonInAnyCase() {
    assertThat(LogFormat.fromEnvironment(Map.of())).isEqualTo(LogFormat.PLAIN);
    assertThat(LogFormat.fromEnvironment(Map.of(LogFormat.VARIABLE, " ")))
        .isEqualTo(LogFormat.PLAIN);
    assertThat(LogFormat.fromEnvironment(Map.of(LogFormat.VARIABLE, "JSON")))
        .isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.fromEnvironment(Map.of(LogFormat.VARIABLE, "plain")))
        .isEqualTo(LogFormat.PLAIN);
  }

  @Test
  void anythingElseIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> LogFormat.fromEnvironment(Map.of(LogFormat.VARIABLE, "xml")))
        .hasMessage("$MODEL_RUNNER_LOGGING_FORMAT must be plain or json, not 'xml'");
  }

  @Test
  void theVariableIsTheConfigurationKeys() {
    assertThat(io.modelrunner.app.config.ConfigKeys.find("logging.format").orElseThrow().envName())
        .isEqualTo(LogFormat.VARIABLE);
  }
}
