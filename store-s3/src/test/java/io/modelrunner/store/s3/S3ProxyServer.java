package io.modelrunner.store.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * S3Proxy (a real S3 API server) run as a separate process on a free loopback port, with AWS v4
 * authorization and an in-memory backend. The jar is the test dependency {@code
 * org.gaul:s3proxy:jar-with-dependencies}, located by Maven in the {@code s3proxy.jar} property.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String IDENTITY = "test-access-key";
  public static final String CREDENTIAL = "test-secret-key-0123456789";

  private final Process process;
  private final int port;
  private final Path log;

  private S3ProxyServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static S3ProxyServer start(Path workDir) throws IOException, InterruptedException {
    Path jar = locateJar();
    int port = freePort();
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v4",
            "s3proxy.identity=" + IDENTITY,
            "s3proxy.credential=" + CREDENTIAL,
            "jclouds.provider=transient-nio2",
            "jclouds.identity=" + IDENTITY,
            "jclouds.credential=" + CREDENTIAL,
            ""));
    Path log = workDir.resolve("s3proxy.log");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx512m",
                    "-jar",
                    jar.toString(),
                    "--properties",
                    properties.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(process, port, log);
    server.awaitListening(Duration.ofSeconds(60));
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
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
            "s3proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        "s3proxy did not listen on port " + port + " within " + timeout);
  }

  private static Path locateJar() {
    String property = System.getProperty("s3proxy.jar");
    if (property != null && !property.isBlank() && !property.startsWith("${")) {
      return Path.of(property);
    }
    Path fallback =
        Path.of(
            System.getProperty("user.home"),
            ".m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar");
    if (!Files.isRegularFile(fallback)) {
      throw new UncheckedIOException(
          new IOException(
              "the s3proxy jar is missing: run the tests with Maven (./mvnw -pl store-s3 verify)"));
    }
    return fallback;
  }
}
