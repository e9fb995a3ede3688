package io.modelrunner.adapter.client;

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
import org.junit.jupiter.api.Test;

/** The client against scripted loopback adapters that answer as other ecosystems' adapters do. */
class AdapterClientForeignAnswersTest {
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
}
