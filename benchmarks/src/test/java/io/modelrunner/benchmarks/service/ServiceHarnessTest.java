package io.modelrunner.benchmarks.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service suites' pure parts and the callback sink; no timing is asserted. */
class ServiceHarnessTest {

  @Test
  void rawDockerRunsWithTheRunnersSandboxAndMounts() {
    List<String> c = RawDocker.command("img:1", Path.of("/ws"), "id-1");
    String line = String.join(" ", c);
    assertThat(c.subList(0, 3)).containsExactly("docker", "run", "--rm");
    assertThat(line)
        .contains("--read-only")
        .contains("--tmpfs /tmp:rw,nosuid,nodev,size=67108864")
        .contains("--cap-drop ALL")
        .contains("--security-opt no-new-privileges")
        .contains("--memory 2147483648 --memory-swap 2147483648")
        .contains("--cpus 1 --pids-limit 256 --network none --log-driver none")
        .contains("-v /ws/input:/data/input:ro")
        .contains("-v /ws/output:/data/output:rw")
        .contains("-v /ws/log:/data/log:rw")
        .contains("--label " + DockerEvents.RAW_LABEL + "=id-1");
    assertThat(c.get(c.size() - 1)).isEqualTo("img:1");
  }

  @Test
  void stagesAreReadInMillisecondsAndOpenStagesLeftOut() throws Exception {
    var run =
        new ObjectMapper()
            .readTree(
                "{\"stages\":[{\"stage\":\"validate\",\"seconds\":0.002},"
                    + "{\"stage\":\"execute\",\"seconds\":0.25},{\"stage\":\"cleanup\"}]}");
    assertThat(RunnerOverheadSuite.stages(run))
        .containsExactly(Map.entry("validate", 2.0), Map.entry("execute", 250.0));
  }

  @Test
  void threadGroupsDropTrailingNumbersAndChargeEndedThreadsTheRest() {
    var before = Map.of(1L, Map.entry("C2 CompilerThre", 100L), 2L, Map.entry("http-1", 10L));
    var after =
        Map.of(
            1L, Map.entry("C2 CompilerThre", 150L),
            2L, Map.entry("http-1", 30L),
            3L, Map.entry("http-2", 20L));
    Map<String, Double> groups = ProcStatus.threadGroups(before, after, 1.0);
    assertThat(groups.get("C2 CompilerThre")).isEqualTo(0.5);
    assertThat(groups.get("http")).isEqualTo(0.4);
    assertThat(groups.get("(threads that ended)"))
        .isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void nearestRankIsAValueThatOccurred() {
    double[] sorted = new double[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(CancelLatencySuite.nearestRank(sorted, 0.99)).isEqualTo(99);
    assertThat(CancelLatencySuite.nearestRank(new double[] {5, 9}, 0.99)).isEqualTo(9);
  }

  @Test
  void theRunRequestIsValidJsonWithOneModel() throws Exception {
    var json =
        new ObjectMapper()
            .readTree(RunsApi.requestJson("r-1", "ok", "img:1", "http://127.0.0.1:1"));
    assertThat(json.path("models")).hasSize(1);
    assertThat(json.path("callbackURL").asText()).isEqualTo("http://127.0.0.1:1");
    assertThat(RunsApi.requestJson("r-1", "ok", "img:1", null)).contains("\"callbackURL\":null");
  }

  @Test
  void theSinkAnswers200AndRecordsOneFinalCallbackPerRequest() throws Exception {
    try (CallbackSink sink = new CallbackSink()) {
      HttpClient http = HttpClient.newHttpClient();
      for (String status : List.of("in-progress", "complete", "complete")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(sink.url() + "/api/simulations/req%201"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
      }
      assertThat(sink.startOf("req 1")).isNotNull();
      assertThat(sink.awaitFinal("req 1", Duration.ofSeconds(5)).status()).isEqualTo("complete");
      assertThat(sink.duplicateFinals()).isEqualTo(1);
      assertThat(sink.received()).isEqualTo(3);
    }
  }
}
