package io.modelrunner.adapter;

import static io.modelrunner.adapter.AdapterLifecycleIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** AdapterClient's one-call-at-a-time API against a real adapter on a loopback port. */
class AdapterClientStepsIT {
  private AdapterServer server;
  private TestModelAdapter adapter;

  private AdapterClient start(AdapterConfig.Builder config) {
    adapter = new TestModelAdapter();
    server = AdapterServer.start(adapter, config.host("127.0.0.1").port(0).build());
    return new AdapterClient(server.baseUri());
  }

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.release();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eachLifecycleCallAnswersTheAdaptersState() throws Exception {
    AdapterClient client = start(AdapterConfig.builder());
    assertThat(client.baseUri()).isEqualTo(server.baseUri());

    ModelRunInfo requested = client.request();
    String id = requested.modelRunId();
    assertThat(requested.state()).isEqualTo(ModelRunState.ACCEPTED);
    assertThat(client.initialize(id, Map.of("name", "steps")).state())
        .isEqualTo(ModelRunState.READY);
    assertThat(client.run(id).state()).isIn(ModelRunState.RUNNING, ModelRunState.QUEUED);
    assertThat(waitFor(() -> stateOf(client, id) == ModelRunState.SUCCEEDED)).isTrue();
    ModelRunInfo results = client.results(id);
    assertThat(results.state()).isEqualTo(ModelRunState.SUCCEEDED);
    assertThat(results.result().path("name").asText()).isEqualTo("steps");
    assertThat(client.remove(id).state()).isEqualTo(ModelRunState.UNKNOWN);
    assertThat(adapter.removed).containsExactly(id);
  }

  @Test
  void aRefusedConfigurationIsAnErrorStateWithTheReason() throws Exception {
    AdapterClient client = start(AdapterConfig.builder());
    String id = client.request().modelRunId();
    ModelRunInfo info = client.initialize(id, Map.of("rejectInit", "r0 must be positive"));
    assertThat(info.state()).isEqualTo(ModelRunState.ERROR);
    assertThat(info.reason()).contains("r0 must be positive");
    client.remove(id);
  }

  @Test
  void callsOutOfOrderAreRefusedWithTheHttpStatus() throws Exception {
    AdapterClient client = start(AdapterConfig.builder());
    String id = client.request().modelRunId();
    assertThatThrownBy(() -> client.run(id))
        .isInstanceOfSatisfying(
            AdapterClientException.Refused.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.modelRunId()).isEqualTo(id);
            });
    assertThatThrownBy(() -> client.status("never-requested"))
        .isInstanceOfSatisfying(
            AdapterClientException.Refused.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    client.remove(id);
  }

  @Test
  void removeIsSentEvenFromAnInterruptedThreadAndKeepsTheInterrupt() throws Exception {
    AdapterClient client = start(AdapterConfig.builder());
    String id = client.request().modelRunId();
    client.initialize(id, Map.of("block", true));
    client.run(id);
    assertThat(waitFor(() -> adapter.started.containsKey(id))).isTrue();

    Thread.currentThread().interrupt();
    ModelRunInfo removed;
    try {
      removed = client.remove(id);
    } finally {
      assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
    }
    assertThat(removed.state()).isEqualTo(ModelRunState.UNKNOWN);
    assertThat(adapter.removed).containsExactly(id);
    assertThat(adapter.interrupted).containsExactly(id);
  }

  @Test
  void aRequestRefusedByTheAdapterIsRefusedWithItsReason() throws Exception {
    adapter =
        new TestModelAdapter() {
          @Override
          public void onRequest(String modelRunId) {
            throw new IllegalStateException("no licence left");
          }
        };
    server =
        AdapterServer.start(adapter, AdapterConfig.builder().host("127.0.0.1").port(0).build());
    AdapterClient client = new AdapterClient(server.baseUri());
    assertThatThrownBy(client::request)
        .isInstanceOfSatisfying(
            AdapterClientException.Refused.class, e -> assertThat(e.httpStatus()).isEqualTo(503))
        .hasMessageContaining("no licence left");
  }

  @Test
  void anAdapterThatIsGoneIsUnreachable() throws Exception {
    AdapterClient client = start(AdapterConfig.builder());
    URI base = client.baseUri();
    server.close();
    server = null;
    assertThatThrownBy(() -> new AdapterClient(base).request())
        .isInstanceOf(AdapterClientException.Unreachable.class);
  }

  /**
   * An adapter answering {@code path} with {@code status}, {@code contentType} and {@code body}.
   */
  private static URI scripted(List<HttpServer> servers, String[]... answers) throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String[] a : answers) {
      http.createContext(
          "/model/" + a[0],
          exchange -> {
            byte[] body = a[3].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a[2]);
            exchange.sendResponseHeaders(Integer.parseInt(a[1]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
    }
    http.start();
    servers.add(http);
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/model");
  }

  @Test
  void theAnswersOfFlaskAdaptersAreReadWhateverTheirForm() throws Exception {
    List<HttpServer> servers = new ArrayList<>();
    try {
      AdapterClient client =
          new AdapterClient(
              scripted(
                  servers,
                  // flask-smorest's 422 for a body its marshmallow schema refuses
                  // (MultiModelling/Adapter-ETM-Price-Profile apis/model_api.py)
                  new String[] {
                    "initialize/1",
                    "422",
                    "application/json",
                    "{\"code\":422,\"status\":\"Unprocessable Entity\",\"errors\":{\"json\":"
                        + "{\"colour\":[\"Unknown field.\"]}}}"
                  },
                  // a Flask app without the route: werkzeug's HTML 404
                  new String[] {
                    "status/1",
                    "404",
                    "text/html; charset=utf-8",
                    "<!doctype html><title>404 Not Found</title><h1>Not Found</h1>"
                  },
                  // unknown ids: 200 with state ERROR (Adapter-ETM-KPIs model/model.py)
                  new String[] {
                    "results/1",
                    "200",
                    "application/json",
                    "{\"model_run_id\":\"1\",\"state\":\"ERROR\",\"result\":null,"
                        + "\"reason\":\"Error in Model.results(): model_run_id unknown\","
                        + "\"extra\":1}"
                  },
                  // remove answers 200 "REMOVED!" as text/html (Adapter-ETM-Price-Profile)
                  new String[] {"remove/1", "200", "text/html; charset=utf-8", "REMOVED!"},
                  new String[] {
                    "run/1",
                    "500",
                    "text/html",
                    "<html><body><h1>Internal Server Error</h1>" + "x".repeat(5000) + "</body>"
                  }));
      assertThatThrownBy(() -> client.initialize("1", Map.of("colour", "red")))
          .isInstanceOfSatisfying(
              AdapterClientException.Refused.class, e -> assertThat(e.httpStatus()).isEqualTo(422))
          .hasMessage("initialize answered HTTP 422: /colour: Unknown field.");
      assertThatThrownBy(() -> client.status("1"))
          .isInstanceOfSatisfying(
              AdapterClientException.NotServed.class,
              e -> assertThat(e.httpStatus()).isEqualTo(404))
          .hasMessageContaining("status is not served")
          .hasMessageContaining("404 Not Found");
      ModelRunInfo unknown = client.results("1");
      assertThat(unknown.state()).isEqualTo(ModelRunState.ERROR);
      assertThat(unknown.reason()).isEqualTo("Error in Model.results(): model_run_id unknown");
      assertThat(client.remove("1")).isEqualTo(ModelRunInfo.of("1", ModelRunState.UNKNOWN));
      assertThatThrownBy(() -> client.run("1"))
          .isInstanceOfSatisfying(
              AdapterClientException.Refused.class, e -> assertThat(e.httpStatus()).isEqualTo(500))
          .hasMessageStartingWith("run answered HTTP 500: Internal Server Error xxx")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
    } finally {
      servers.forEach(s -> s.stop(0));
    }
  }

  private static ModelRunState stateOf(AdapterClient client, String id) {
    try {
      return client.status(id).state();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
