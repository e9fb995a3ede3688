package io.modelrunner.store.azure;

import io.modelrunner.testkit.junit.Requirement;
import io.modelrunner.testkit.junit.Requirements;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Azurite's blob service (Microsoft's emulator, from npm) run as a separate process on a free
 * loopback port. Installed by {@code .ci/azurite.sh}; found through {@code AZURITE_BLOB}, {@code
 * $HOME/.cache/model-runner-npm/node_modules/.bin/azurite-blob}, or the {@code PATH}. Tests that
 * start it carry {@code @RequiresServer(AzuriteInstalled.class)}: skipped when it is missing,
 * failed where servers are required (CI).
 */
public final class AzuriteServer implements AutoCloseable {
  static final String ACCOUNT = "devstoreaccount1";

  /** Azurite's well-known development key (public, documented by Microsoft). */
  static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private final Process process;
  private final int port;
  private final Path log;

  private AzuriteServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static AzuriteServer start(Path workDir) throws IOException, InterruptedException {
    Optional<Path> binary = locate();
    if (binary.isEmpty()) {
      throw Requirements.fromEnvironment()
          .unmet(Requirement.SERVER, new AzuriteInstalled().missing().orElseThrow());
    }
    int port = freePort();
    Path data = Files.createDirectories(workDir.resolve("azurite"));
    Path log = workDir.resolve("azurite.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    binary.get().toString(),
                    "--blobHost",
                    "127.0.0.1",
                    "--blobPort",
                    Integer.toString(port),
                    "--location",
                    data.toString(),
                    "--silent",
                    "--skipApiVersionCheck"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    AzuriteServer server = new AzuriteServer(process, port, log);
    server.awaitListening(Duration.ofSeconds(60));
    return server;
  }

  String endpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + KEY
        + ";BlobEndpoint="
        + endpoint()
        + ";";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening(Duration timeout) throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "azurite exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        "azurite did not listen on port " + port + " within " + timeout);
  }

  /** The azurite-blob executable, if installed. */
  static Optional<Path> locate() {
    Stream<Path> explicit =
        Optional.ofNullable(System.getenv("AZURITE_BLOB")).map(Path::of).stream();
    Stream<Path> cached =
        Stream.of(
            Path.of(
                System.getProperty("user.home"),
                ".cache/model-runner-npm/node_modules/.bin/azurite-blob"));
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, "azurite-blob"));
    return Stream.of(explicit, cached, onPath)
        .flatMap(s -> s)
        .filter(Files::isExecutable)
        .findFirst();
  }
}
