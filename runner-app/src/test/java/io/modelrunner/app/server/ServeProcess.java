package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar model-runner.jar serve} as a real process, on a fixed port, configured by a
 * properties file; {@link #kill()} is SIGKILL.
 */
final class ServeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private ServeProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static ServeProcess start(Path config, int port, Map<String, String> env) throws Exception {
    Path jar = Path.of(System.getProperty("model-runner.jar", "target/model-runner.jar"));
    assertThat(jar).as("the shaded jar (built in the package phase)").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of("serve", "--config", config.toString(), "--port", "" + port));
    Path log = Files.createTempFile("serve", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    ServeProcess serve = new ServeProcess(builder.start(), log, port);
    serve.awaitReady(Duration.ofSeconds(60));
    return serve;
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new AssertionError("serve exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(baseUri().resolve("/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve not ready within " + timeout + ":\n" + output());
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the graceful path. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("serve did not stop within " + timeout + " of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      kill();
    }
    Files.deleteIfExists(log);
  }
}
