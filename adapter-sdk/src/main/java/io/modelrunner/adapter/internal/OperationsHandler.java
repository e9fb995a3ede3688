package io.modelrunner.adapter.internal;

import com.sun.net.httpserver.HttpExchange;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Liveness ({@code /health}, and {@code /status}: the deployed orchestrator probes {@code GET
 * {uri}/status} whatever the lifecycle base path), readiness and the OpenAPI document, served at
 * the root.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class OperationsHandler extends JsonHandler {
  static final String OPENAPI_RESOURCE = "io/modelrunner/adapter/adapter-api.openapi.yaml";

  private final BooleanSupplier ready;
  private final Supplier<ServiceStatus> status;
  private final byte[] openApi;

  public OperationsHandler(
      JsonResponses responses, BooleanSupplier ready, Supplier<ServiceStatus> status) {
    super(responses);
    this.ready = Objects.requireNonNull(ready, "ready");
    this.status = Objects.requireNonNull(status, "status");
    this.openApi = loadOpenApi();
  }

  @Override
  boolean serve(HttpExchange exchange, String path) throws IOException {
    switch (path) {
      case "health" -> {
        requireGet(exchange, true);
        responses.send(exchange, 200, ModelRunInfo.of(null, ModelRunState.UNKNOWN));
      }
      case "status" -> {
        requireGet(exchange, true);
        responses.sendJson(exchange, 200, status.get());
      }
      case "ready" -> {
        requireGet(exchange, true);
        if (ready.getAsBoolean()) {
          responses.send(exchange, 200, ModelRunInfo.of(null, ModelRunState.READY));
        } else {
          responses.send(exchange, 503, ModelRunInfo.error(null, "all execution slots are busy"));
        }
      }
      case "openapi.yaml" -> {
        requireGet(exchange, true);
        if (openApi == null) {
          responses.send(
              exchange, 404, ModelRunInfo.error(null, "the OpenAPI document is not packaged"));
        } else {
          JsonResponses.sendBytes(exchange, 200, "application/yaml", openApi);
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static byte[] loadOpenApi() {
    try (InputStream in = OperationsHandler.class.getResourceAsStream("/" + OPENAPI_RESOURCE)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }
}
