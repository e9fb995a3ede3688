package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.app.bootstrap.RunnerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One execution slot and a three-model request in which one model is a registered adapter: the runs
 * wait their turn behind each other and each ends in its own final callback. The queue deadline is
 * the default, so that a slow machine makes the runs slower, never expired.
 */
class MixedEnginesRequestIT {
  @TempDir static Path dir;
  static CallbackSink sink;
  static RunnerServer server;
  static Api api;
  static AdapterServer adapter;

  @BeforeAll
  static void start() throws Exception {
    TestImages.build();
    sink = new CallbackSink();
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            """
            {"models": {"quick": {"image": "%s"}}}
            """
                .formatted(TestImages.OK));
    server =
        RunnerServer.start(
            ServiceIT.config(
                dir,
                catalog,
                Map.of(
                    "runs.max-concurrent", "1",
                    "callbacks.timeout", "PT20S",
                    "callbacks.attempts", "1",
                    "node.id", "mixed-it-" + ProcessHandle.current().pid())),
            System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
    adapter =
        AdapterServer.start(
            new EchoAdapter(),
            AdapterConfig.builder()
                .name("echo")
                .host("127.0.0.1")
                .port(0)
                .registryEndpoint(server.baseUri())
                .heartbeat(Duration.ofSeconds(1))
                .build());
  }

  @AfterAll
  static void stop() {
    if (adapter != null) {
      adapter.close();
    }
    if (server != null) {
      server.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void aThreeModelRequestWithTwoContainersAndOneAdapterEndsInThreeFinalCallbacks()
      throws Exception {
    awaitAdapterRegistered();
    Api.Answer answer =
        api.post(
            "/api/runs",
            Api.request(
                "q-three",
                sink.url(),
                "quick",
                TestImages.OK,
                "quick-2",
                TestImages.OK,
                "echo",
                "adapter:echo"));
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    for (String slug : new String[] {"quick", "quick-2", "echo"}) {
      CallbackSink.Received done =
          sink.await(
                  CallbackSink.finalOf(slug).and(r -> r.path().endsWith("/q-three")),
                  1,
                  Duration.ofSeconds(90))
              .get(0);
      assertThat(done.status()).as(slug + ": " + done.body()).isEqualTo("complete");
      assertThat(done.body().path("resultsLocation").asText()).startsWith("file:");
    }
    String echoRun = answer.json().path("runs").get(2).path("runId").asText();
    JsonNode run = api.awaitRun(echoRun, Api::ended, Duration.ofSeconds(10));
    assertThat(run.path("identity").path("engine").asText()).isEqualTo("adapter");
    assertThat(run.path("identity").path("imageVersion").asText()).isEqualTo("echo-1.0");
  }

  private static void awaitAdapterRegistered() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Api anonymous = new Api(server.baseUri(), null);
    while (System.nanoTime() < end) {
      JsonNode entries = anonymous.get("/registry/").json();
      if (entries != null && entries.toString().contains("\"echo\"")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the echo adapter did not register");
  }
}
