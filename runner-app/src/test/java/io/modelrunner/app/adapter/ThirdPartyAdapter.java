package io.modelrunner.app.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.testkit.junit.Requirement;
import io.modelrunner.testkit.junit.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code src/test/python/third_party_adapter.py} as a real process on a free loopback port: an
 * adapter shaped like the MultiModelling energy-system adapters (Flask, its own configuration
 * schema, 422 from flask-smorest, 200 + ERROR for unknown runs, results RUNNING until status is
 * asked). Needs a Python with Flask ({@link PythonWithFlask}); without one the test is skipped, or
 * fails where servers are required (CI).
 */
public final class ThirdPartyAdapter implements AutoCloseable {
  /** A configuration its schema accepts: 24 hourly prices, 50 off-peak and 120 at peak. */
  public static final String CONFIGURATION =
      "{\"profile_config\":{\"scenario_ID\":\"763305\",\"base_price\":50,\"peak_price\":120,"
          + "\"hours\":24},\"output_file_path\":\"prices.csv\"}";

  private static final Path SCRIPT = Path.of("src/test/python/third_party_adapter.py");

  private final Process process;
  private final URI root;
  private final HttpClient http = HttpClient.newHttpClient();

  private ThirdPartyAdapter(Process process, URI root) {
    this.process = process;
    this.root = root;
  }

  /**
   * Starts the adapter with {@code flags} ({@code --no-status}, {@code --forget-on-run}, {@code
   * --crash-on-run}) and waits until it listens.
   */
  public static ThirdPartyAdapter start(String... flags) throws Exception {
    String python = pythonWithFlask();
    List<String> command = new ArrayList<>(List.of(python, SCRIPT.toAbsolutePath().toString()));
    command.addAll(List.of(flags));
    Path log = Files.createTempFile("third-party-adapter", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    CompletableFuture<String> firstLine =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
              } catch (IOException e) {
                return null;
              }
            });
    String line;
    try {
      line = firstLine.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      line = null;
    }
    if (line == null || !line.startsWith("LISTENING ")) {
      process.destroyForcibly();
      throw new AssertionError(
          "the third-party adapter did not start (" + line + "): " + Files.readString(log));
    }
    int port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
    return new ThirdPartyAdapter(process, URI.create("http://127.0.0.1:" + port));
  }

  /** The first of {@code python3}, {@code /usr/bin/python3} that imports flask; else skips. */
  static String pythonWithFlask() {
    PythonWithFlask python = new PythonWithFlask();
    return python
        .interpreter()
        .orElseThrow(
            () ->
                Requirements.fromEnvironment()
                    .unmet(Requirement.SERVER, python.missing().orElseThrow()));
  }

  /** Where it listens, the registry {@code uri} of the adapter (its lifecycle is under /model). */
  public URI root() {
    return root;
  }

  /** The calls it received, in order, as {@code METHOD /path}. */
  public List<String> calls() throws Exception {
    List<String> calls = new ArrayList<>();
    for (JsonNode call : get("/_test/calls")) {
      calls.add(call.asText());
    }
    return calls;
  }

  /** The configurations its schema accepted at initialize, in order. */
  public List<JsonNode> configurations() throws Exception {
    List<JsonNode> configs = new ArrayList<>();
    get("/_test/configs").forEach(configs::add);
    return configs;
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return JsonMappers.standard().readTree(response.body());
  }

  /** The price curve it computes for {@link #CONFIGURATION}: its {@code result}. */
  public static JsonNode expectedResult() throws IOException {
    StringBuilder curve = new StringBuilder("{\"result\":[");
    for (int hour = 0; hour < 24; hour++) {
      if (hour > 0) {
        curve.append(',');
      }
      double price = hour >= 8 && hour < 20 ? 120.0 : 50.0;
      curve.append(String.format(Locale.ROOT, "[\"%03d:00\",%.1f]", hour, price));
    }
    return JsonMappers.standard().readTree(curve.append("]}").toString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
