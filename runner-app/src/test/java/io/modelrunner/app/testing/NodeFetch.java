package io.modelrunner.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.testkit.junit.ServerCheck;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    try {
      Process probe =
          new ProcessBuilder("node", "-e", "process.exit(typeof fetch === 'function' ? 0 : 3)")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
        return Optional.empty();
      }
      return Optional.of("node has no fetch: install Node.js 18 or later (apt-get install nodejs)");
    } catch (IOException e) {
      return Optional.of("node not found on the PATH: apt-get install nodejs");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while looking for node");
    }
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
