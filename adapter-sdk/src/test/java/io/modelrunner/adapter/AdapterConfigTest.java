package io.modelrunner.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.adapter.ModelRunState;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdapterConfigTest {

  @Test
  void defaultsMatchTheExistingOrchestrator() {
    AdapterConfig c = AdapterConfig.fromArgs(new String[0], Map.of(), "MyAdapter");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.basePath()).isEqualTo("/model");
    assertThat(c.name()).isEqualTo("MyAdapter");
    // The deployed orchestrator (MultiModelling/Model-Orchestrator dags/etm_essim_demo.py) polls
    // /results until it reads SUCCEEDED, with its timeout disabled.
    assertThat(c.resultsState()).isEqualTo(ModelRunState.SUCCEEDED);
    assertThat(c.registryEndpoint()).isNull();
    assertThat(c.strictConfig()).isFalse();
  }

  @Test
  void theBuildersDefaultsEqualFromArgsDefaults() {
    assertThat(AdapterConfig.builder().build())
        .isEqualTo(AdapterConfig.fromArgs(new String[0], Map.of()));
    assertThat(AdapterConfig.builder().build().name()).isNull(); // the adapter's name() then
  }

  @Test
  void toBuilderCopiesEveryOption() {
    AdapterConfig c =
        AdapterConfig.fromArgs(
            new String[] {
              "--port=9", "--name=n", "--work-dir=/tmp/runs", "--remove-grace=3", "--workers=2"
            },
            Map.of());
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.workRoot()).isEqualTo(java.nio.file.Path.of("/tmp/runs"));
    assertThat(c.removeGrace()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.toBuilder().port(10).build()).isNotEqualTo(c);
  }

  @Test
  void environmentVariablesConfigureTheAdapter() {
    AdapterConfig c =
        AdapterConfig.fromArgs(
            new String[0],
            Map.of(
                "PORT", "9000",
                "ADAPTER_ID", "seir-h",
                "REGISTRY_ENDPOINT", "http://registry:8000",
                "EXTERNAL_URL", "http://seir:9000",
                "RESULTS_STATE", "ready",
                "CAPACITY", "3",
                "RUN_TTL", "60"),
            "x");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.name()).isEqualTo("seir-h");
    assertThat(c.registryEndpoint()).isEqualTo(URI.create("http://registry:8000"));
    assertThat(c.externalUrl()).isEqualTo(URI.create("http://seir:9000"));
    assertThat(c.resultsState()).isEqualTo(ModelRunState.READY);
    assertThat(c.capacity()).isEqualTo(3);
    assertThat(c.runTtl()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void argumentsWinOverTheEnvironment() {
    AdapterConfig c =
        AdapterConfig.fromArgs(
            new String[] {"--port", "7000", "--base-path=api/", "--results-state", "READY"},
            Map.of("PORT", "9000"),
            "x");
    assertThat(c.port()).isEqualTo(7000);
    assertThat(c.basePath()).isEqualTo("/api");
    assertThat(c.resultsState()).isEqualTo(ModelRunState.READY);
  }

  @Test
  void malformedOrUnknownOptionsAreRejectedWithTheirName() {
    assertThatThrownBy(() -> AdapterConfig.fromArgs(new String[] {"--port", "x"}, Map.of(), "x"))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> AdapterConfig.fromArgs(new String[] {"--colour=red"}, Map.of(), "x"))
        .hasMessageContaining("unknown option --colour");
    assertThatThrownBy(
            () -> AdapterConfig.fromArgs(new String[] {"--results-state=RUNNING"}, Map.of(), "x"))
        .hasMessageContaining("READY or SUCCEEDED");
    assertThatThrownBy(
            () -> AdapterConfig.fromArgs(new String[] {"--registry=registry:9200"}, Map.of(), "x"))
        .hasMessageContaining("REGISTRY_ENDPOINT must be an absolute http(s) URL");
  }
}
