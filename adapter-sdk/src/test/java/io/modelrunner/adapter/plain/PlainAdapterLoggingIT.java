package io.modelrunner.adapter.plain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A plain adapter (a JVM with only the SDK's runtime class path, as a model author's jar has) logs
 * through SLF4J without the "no providers" warning, and a refused configuration is one line.
 */
class PlainAdapterLoggingIT {
  private static final Pattern SERVING = Pattern.compile("serving at (http://\\S+)");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aPlainAdapterLogsWithoutProviderWarningsAndARefusedConfigurationInOneLine()
      throws Exception {
    String classPath =
        Files.readString(Path.of("target", "runtime-classpath.txt")).strip()
            + java.io.File.pathSeparator
            + Path.of("target", "classes").toAbsolutePath()
            + java.io.File.pathSeparator
            + Path.of("target", "test-classes").toAbsolutePath();
    Process adapter =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                PlainAdapter.class.getName(),
                "--host",
                "127.0.0.1",
                "--port",
                "0")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> stderr = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(adapter.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  stderr.add(line);
                }
              } catch (java.io.IOException e) {
                stderr.add("(reading stderr failed: " + e + ")");
              }
            });
    reader.start();
    try {
      assertThat(waitFor(() -> stderr.stream().anyMatch(l -> SERVING.matcher(l).find())))
          .as("stderr: %s", stderr)
          .isTrue();
      Matcher serving =
          stderr.stream().map(SERVING::matcher).filter(Matcher::find).findFirst().orElseThrow();
      String base = serving.group(1);

      String id = get(base + "/request").path("model_run_id").asText();
      JsonNode refused = post(base + "/initialize/" + id, "{\"size\":-1}");
      assertThat(refused.path("state").asText()).isEqualTo("ERROR");
      assertThat(refused.path("reason").asText()).contains("size must not be negative, got -1");
      assertThat(waitFor(() -> stderr.stream().anyMatch(l -> l.contains("configuration refused"))))
          .isTrue();
    } finally {
      adapter.destroy(); // SIGTERM: the shutdown hook closes the server
      assertThat(adapter.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(stderr).noneMatch(l -> l.contains("SLF4J"));
    assertThat(stderr.stream().filter(l -> l.contains("configuration refused")))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("WARN").contains("size must not be negative"));
    assertThat(stderr).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
  }

  private JsonNode get(String uri) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(uri)).GET());
  }

  private JsonNode post(String uri, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(uri))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private JsonNode send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return JsonMappers.standard().readTree(response.body());
  }

  private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
