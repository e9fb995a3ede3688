package io.modelrunner.adapter.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.adapter.client.AdapterClientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter shown in docs/writing-an-adapter.md really works, schema check included. */
class EpidemicAdapterIT {
  private AdapterServer server;

  @BeforeEach
  void start() {
    server =
        AdapterServer.start(
            new EpidemicAdapter(), AdapterConfig.builder().host("127.0.0.1").port(0).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theDocumentedExampleRunsThroughTheWholeLifecycle() throws Exception {
    JsonNode result =
        new AdapterClient(server.baseUri())
            .execute(
                Map.of("region", "GB", "r0", 2.5, "days", 10, "base_path", "/data/run-7"),
                Duration.ofSeconds(30));
    assertThat(result.path("region").asText()).isEqualTo("GB");
    assertThat(result.path("infected")).hasSize(10);
    // the table was written in the run's work directory, which remove() deleted
    assertThat(result.path("path").asText()).endsWith("infected.csv");
    assertThat(java.nio.file.Path.of(result.path("path").asText())).doesNotExist();
  }

  @Test
  void aConfigurationThatBreaksTheAuthorsSchemaIsRefusedWith422NamingTheField() {
    assertThatThrownBy(
            () ->
                new AdapterClient(server.baseUri())
                    .execute(Map.of("region", "GB", "r0", -1, "days", 10), Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            AdapterClientException.Refused.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(422);
              assertThat(e.getMessage()).contains("/r0");
            });
  }

  @Test
  void theAuthorsInitializeCheckPutsTheRunInError() {
    assertThatThrownBy(
            () ->
                new AdapterClient(server.baseUri())
                    .execute(Map.of("region", " ", "r0", 2, "days", 10), Duration.ofSeconds(30)))
        .isInstanceOf(AdapterClientException.RunFailed.class)
        .hasMessageContaining("region must not be blank");
  }
}
