package io.modelrunner.adapter;

import static io.modelrunner.adapter.AdapterLifecycleIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.adapter.client.AdapterClientException;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import java.net.URI;
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

  private static ModelRunState stateOf(AdapterClient client, String id) {
    try {
      return client.status(id).state();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
