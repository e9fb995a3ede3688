package io.modelrunner.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrency on one run, odd requests, and refusals, over real HTTP. */
class AdapterEdgeCasesIT {
  private TestModelAdapter adapter;
  private AdapterServer server;
  private RawHttp http;
  private final HttpClient rawClient = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    adapter = new TestModelAdapter();
    server =
        AdapterServer.start(
            adapter, AdapterConfig.builder().host("127.0.0.1").port(0).workers(4).build());
    http = new RawHttp(server.rootUri());
  }

  @AfterEach
  void stop() {
    adapter.release();
    server.close();
  }

  private String readyRun(String config) throws Exception {
    String id = http.get("/model/request").json().path("model_run_id").asText();
    assertThat(http.post("/model/initialize/" + id, config).state()).isEqualTo("READY");
    return id;
  }

  @Test
  void concurrentRunCallsOnOneRunStartItExactlyOnce() throws Exception {
    String id = readyRun("{\"block\":true}");
    List<RawHttp.Answer> answers = concurrently(8, () -> http.get("/model/run/" + id));
    assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(1);
    assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(7);
    assertThat(answers).allMatch(a -> a.contentType().equals("application/json"));
  }

  @Test
  void runAndRemoveRacingOnOneRunLeaveItRemovedAndCleanedUp() throws Exception {
    for (int i = 0; i < 20; i++) {
      String id = readyRun("{\"block\":true}");
      List<RawHttp.Answer> answers =
          concurrently(
              2,
              List.of(() -> http.get("/model/run/" + id), () -> http.get("/model/remove/" + id)));
      assertThat(answers).allMatch(a -> a.status() == 200 || a.status() == 404);
      assertThat(http.get("/model/status/" + id).status()).isEqualTo(404);
      assertThat(AdapterLifecycleIT.waitFor(() -> adapter.removed.contains(id))).isTrue();
    }
    assertThat(AdapterLifecycleIT.waitFor(() -> http200("/ready"))).isTrue();
  }

  @Test
  void anEmptyInitializeBodyAnswers400() throws Exception {
    String id = http.get("/model/request").json().path("model_run_id").asText();
    RawHttp.Answer a = http.post("/model/initialize/" + id, "");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.reason()).contains("empty");
  }

  @Test
  void aJsonArrayBodyAnswers422NotA500() throws Exception {
    String id = http.get("/model/request").json().path("model_run_id").asText();
    RawHttp.Answer a = http.post("/model/initialize/" + id, "[1,2]");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.reason()).contains("(root): ");
    assertThat(a.state()).isEqualTo("ERROR");
  }

  @Test
  void aVeryLargeBodyStillGetsA413JsonAnswer() throws Exception {
    String id = http.get("/model/request").json().path("model_run_id").asText();
    byte[] big = new byte[8 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    RawHttp.Answer a = http.post("/model/initialize/" + id, big);
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.state()).isEqualTo("ERROR");
  }

  @Test
  void aWrongMethodAnswers405AsJson() throws Exception {
    RawHttp.Answer a = http.get("/model/initialize/some-id");
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.state()).isEqualTo("ERROR");
    RawHttp.Answer post =
        http.send(
            HttpRequest.newBuilder(server.rootUri().resolve("/model/request"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(post.status()).isEqualTo(405);
  }

  @Test
  void aWrongMethodNamesTheAllowedOnes() throws Exception {
    HttpResponse<Void> a =
        rawClient.send(
            HttpRequest.newBuilder(server.rootUri().resolve("/model/run/some-id")).DELETE().build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(a.statusCode()).isEqualTo(405);
    assertThat(a.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void pathsOutsideTheLifecycleAnswer404AsJson() throws Exception {
    for (String path :
        List.of(
            "/model",
            "/model/",
            "/modelx/request",
            "/model/unknown",
            "/model/status/a/b",
            "/model/status//",
            "/model/initialize",
            "/nowhere")) {
      RawHttp.Answer a = http.get(path);
      assertThat(a.status()).as(path).isEqualTo(404);
      assertThat(a.contentType()).as(path).isEqualTo("application/json");
      assertThat(a.state()).as(path).isEqualTo("ERROR");
    }
  }

  @Test
  void anEncodedRunIdIsDecodedOnce() throws Exception {
    RawHttp.Answer a = http.get("/model/status/no%20such+run%2541");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.reason()).contains("'no such+run%41'");
  }

  @Test
  void headProbesAnswerWithoutABody() throws Exception {
    for (String path : List.of("/health", "/ready", "/model/status")) {
      HttpResponse<String> a =
          rawClient.send(
              HttpRequest.newBuilder(server.rootUri().resolve(path))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(a.statusCode()).as(path).isEqualTo(200);
      assertThat(a.body()).as(path).isEmpty();
    }
  }

  private boolean http200(String path) {
    try {
      return http.get(path).status() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  private static List<RawHttp.Answer> concurrently(int n, Callable<RawHttp.Answer> call)
      throws Exception {
    List<Callable<RawHttp.Answer>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(call);
    }
    return concurrently(n, calls);
  }

  private static List<RawHttp.Answer> concurrently(int n, List<Callable<RawHttp.Answer>> calls)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<RawHttp.Answer>> futures = pool.invokeAll(calls, 30, TimeUnit.SECONDS);
      List<RawHttp.Answer> answers = new ArrayList<>();
      for (Future<RawHttp.Answer> f : futures) {
        answers.add(f.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
