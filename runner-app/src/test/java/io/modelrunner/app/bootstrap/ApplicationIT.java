package io.modelrunner.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.app.config.ConfigException;
import io.modelrunner.app.config.ServiceConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} wired by {@link Application}: a start that fails on a part stops the parts started
 * before it, so the same data folder serves at the next start.
 */
class ApplicationIT {
  @TempDir Path dir;

  private ServiceConfig config(Map<String, String> more) {
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("engine", "process");
    settings.put("data.dir", dir.resolve("data").toString());
    settings.putAll(more);
    return ServiceConfig.load(null, Map.of(), settings);
  }

  @Test
  void aTakenPortOrAnUnknownStoreFailsTheStartNamingTheKeyAndTheNextStartServes() throws Exception {
    Application application = new Application(Map.of());
    try (ServerSocket taken = new ServerSocket(0)) {
      ServiceConfig busy = config(Map.of("server.port", String.valueOf(taken.getLocalPort())));
      assertThatThrownBy(() -> application.serve(busy))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("server.port: ");
    }
    assertThatThrownBy(() -> application.serve(config(Map.of("store", "ftp://results/x"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store: ")
        .hasMessageContaining("ftp");

    try (RunnerServer server = application.serve(config(Map.of()))) {
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.baseUri() + "/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      server.close();
      server.close(); // a second close does nothing
    }
  }
}
