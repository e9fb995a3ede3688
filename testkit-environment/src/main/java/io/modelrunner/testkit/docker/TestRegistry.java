package io.modelrunner.testkit.docker;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.modelrunner.testkit.junit.ServerCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * A private image registry for tests: a local {@code docker-registry} (Debian package {@code
 * docker-registry}) behind basic auth ({@code htpasswd} from {@code apache2-utils}), on a free
 * loopback port, with one user and a random password. Guard tests with
 * {@code @RequiresServer(TestRegistry.Installed.class)}. Close it to stop the registry.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class TestRegistry implements AutoCloseable {
  private static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
  private static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");

  /** Whether {@code docker-registry} and {@code htpasswd} are installed. */
  public static final class Installed implements ServerCheck {
    /** Made by {@code @RequiresServer}. */
    public Installed() {}

    @Override
    public Optional<String> missing() {
      return Files.isExecutable(REGISTRY) && Files.isExecutable(HTPASSWD)
          ? Optional.empty()
          : Optional.of(
              "docker-registry and htpasswd (apt-get install docker-registry apache2-utils)");
    }
  }

  private final String user = "runner";
  private final String password = "test-" + UUID.randomUUID();
  private final int port;
  private final Process server;

  /**
   * Starts the registry, its storage and configuration in {@code folder}, and waits until it
   * answers.
   */
  public TestRegistry(Path folder) throws IOException, InterruptedException {
    this.port = freePort();
    Path auth = folder.resolve("htpasswd");
    Process htpasswd =
        new ProcessBuilder(HTPASSWD.toString(), "-Bbn", user, password)
            .redirectOutput(auth.toFile())
            .start();
    if (htpasswd.waitFor() != 0) {
      throw new IOException("htpasswd failed");
    }
    Path config = folder.resolve("config.yml");
    Files.writeString(
        config,
        """
        version: 0.1
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: 127.0.0.1:%d
        auth:
          htpasswd:
            realm: model-runner-test
            path: %s
        """
            .formatted(folder.resolve("storage"), port, auth),
        StandardCharsets.UTF_8);
    this.server =
        new ProcessBuilder(REGISTRY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("registry.log").toFile())
            .start();
    try {
      awaitStarted();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** {@code localhost:PORT}: the registry host of its image references. */
  public String host() {
    return "localhost:" + port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /**
   * Tags {@code source} (a local image) as {@code host()/repository:tag}, pushes it, and removes
   * that tag locally, so that using it needs a pull.
   *
   * @return the pushed reference
   */
  public String push(TestDocker docker, String source, String repository, String tag)
      throws InterruptedException {
    String target = host() + "/" + repository;
    docker.client().tagImageCmd(source, target, tag).exec();
    ResultCallback.Adapter<PushResponseItem> pushed =
        docker
            .client()
            .pushImageCmd(target + ":" + tag)
            .withAuthConfig(
                new AuthConfig()
                    .withRegistryAddress(host())
                    .withUsername(user)
                    .withPassword(password))
            .exec(new ResultCallback.Adapter<>());
    if (!pushed.awaitCompletion(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pushing " + target + ":" + tag + " took over 60 s");
    }
    docker.client().removeImageCmd(target + ":" + tag).exec(); // the source tag stays
    return target + ":" + tag;
  }

  @Override
  public void close() throws InterruptedException {
    server.destroy();
    if (!server.waitFor(10, TimeUnit.SECONDS)) {
      server.destroyForcibly();
    }
  }

  private void awaitStarted() throws IOException, InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      if (!server.isAlive()) {
        throw new IOException("the test registry exited with status " + server.exitValue());
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(1000);
        if (c.getResponseCode() == 401) {
          return; // up, and asking for credentials
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(50);
    }
    throw new IOException("the test registry did not start on port " + port + " within 30 s");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
