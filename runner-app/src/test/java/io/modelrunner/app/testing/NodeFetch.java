package io.modelrunner.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.testkit.junit.CommandProbe;
import io.modelrunner.testkit.junit.ServerCheck;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Node.js's {@code fetch} (undici), a strict HTTP/1.1 client: it refuses an answer with both {@code
 * Content-Length} and {@code Transfer-Encoding}, as the web application's server-side code would.
 * {@code @RequiresServer(NodeFetch.class)} needs a {@code node} on the PATH that has {@code fetch}
 * (Node 18 or later).
 */
public final class NodeFetch implements ServerCheck {
  /** What {@code src/test/resources/node/strict-download.mjs} printed. */
  public record Download(JsonNode result) {
    public boolean failed() {
      return result.has("error");
    }

    public int status() {
      return result.path("status").asInt();
    }

    public long bytes() {
      return result.path("bytes").asLong();
    }

    public String sha256() {
      return result.path("sha256").asText();
    }
  }

  @Override
  public Optional<String> missing() {
    return switch (CommandProbe.run(
        Duration.ofSeconds(30),
        "node",
        "-e",
        "process.exit(typeof fetch === 'function' ? 0 : 3)")) {
      case SUCCEEDED -> Optional.empty();
      case NOT_FOUND -> Optional.of("node not found on the PATH: apt-get install nodejs");
      case INTERRUPTED -> Optional.of("interrupted while looking for node");
      case FAILED, TIMED_OUT ->
          Optional.of("node has no fetch: install Node.js 18 or later (apt-get install nodejs)");
    };
  }

  /** Downloads {@code uri} with {@code Authorization: Bearer token} (null: none). */
  public static Download download(URI uri, String token) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", script().toString(), uri.toString()));
    if (token != null) {
      command.add(token);
    }
    Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    try {
      return new Download(JsonMappers.standard().readTree(last));
    } catch (IOException e) {
      throw new AssertionError("node printed no JSON result:\n" + out, e);
    }
  }

  private static Path script() {
    try {
      return Path.of(NodeFetch.class.getResource("/node/strict-download.mjs").toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("node/strict-download.mjs is not on the test classpath", e);
    }
  }
}
