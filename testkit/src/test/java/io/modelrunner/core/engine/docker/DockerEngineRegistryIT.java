package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a real registry with credentials: a local {@code docker-registry} (Debian package
 * {@code docker-registry}, with {@code htpasswd} from {@code apache2-utils}) behind basic auth,
 * started by the test on a free loopback port. Skipped when those are not installed.
 */
@RequiresDocker
class DockerEngineRegistryIT {
  private static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
  private static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
  private static final String USER = "runner";
  private static final String PASSWORD = "test-" + UUID.randomUUID();

  @TempDir Path temp;

  @Test
  void missingImageIsPulledWithTheRegistryCredentialsAndPinnedByDigest() throws Exception {
    assumeTrue(
        Files.isExecutable(REGISTRY) && Files.isExecutable(HTPASSWD),
        "Skipped: needs docker-registry and htpasswd (apt-get install docker-registry"
            + " apache2-utils)");
    int port = freePort();
    String registry = "localhost:" + port;
    Process server = startRegistry(port);
    try (TestDocker docker = new TestDocker()) {
      awaitRegistry(port);
      String source = new TestModels(docker).good();
      String pushed = registry + "/model-runner-test/pulled:1";
      push(docker, source, registry, pushed);
      docker.client().removeImageCmd(pushed).exec(); // keeps the source tag, drops this one
      String runnerId = "it-registry-" + UUID.randomUUID();

      try (DockerEngine anonymous = new DockerEngine(TestDocker.config(runnerId))) {
        assertThatThrownBy(() -> anonymous.prepare(ModelLaunch.image("pulled", pushed)))
            .isInstanceOf(EngineException.class)
            .hasMessageContaining(pushed)
            .hasMessageContaining("cannot be pulled from " + registry);
      }
      DockerEngineConfig withAuth =
          TestDocker.config(runnerId)
              .withRegistries(List.of(new RegistryAuth(registry, USER, PASSWORD)));
      try (DockerEngine engine = new DockerEngine(withAuth)) {
        ModelIdentity identity = engine.prepare(ModelLaunch.image("pulled", pushed));

        assertThat(identity.id()).isEqualTo(docker.client().inspectImageCmd(source).exec().getId());
        assertThat(identity.digest()).startsWith(registry + "/model-runner-test/pulled@sha256:");
        assertThat(identity.version()).isEqualTo(TestModels.VERSION);
      } finally {
        if (docker.exists(pushed)) {
          docker.client().removeImageCmd(pushed).exec();
        }
      }
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process startRegistry(int port) throws IOException, InterruptedException {
    Path auth = temp.resolve("htpasswd");
    Process htpasswd =
        new ProcessBuilder(HTPASSWD.toString(), "-Bbn", USER, PASSWORD)
            .redirectOutput(auth.toFile())
            .start();
    assertThat(htpasswd.waitFor()).isZero();
    Path config = temp.resolve("config.yml");
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
            .formatted(temp.resolve("storage"), port, auth),
        StandardCharsets.UTF_8);
    return new ProcessBuilder(REGISTRY.toString(), "serve", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("registry.log").toFile())
        .start();
  }

  private static void awaitRegistry(int port) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      try {
        HttpURLConnection c =
            (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
        if (c.getResponseCode() == 401) {
          return; // up, and asking for credentials
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the test registry did not start on port " + port);
  }

  private static void push(TestDocker docker, String source, String registry, String target)
      throws InterruptedException {
    int colon = target.lastIndexOf(':');
    docker
        .client()
        .tagImageCmd(source, target.substring(0, colon), target.substring(colon + 1))
        .exec();
    ResultCallback.Adapter<PushResponseItem> pushed =
        docker
            .client()
            .pushImageCmd(target)
            .withAuthConfig(
                new AuthConfig()
                    .withRegistryAddress(registry)
                    .withUsername(USER)
                    .withPassword(PASSWORD))
            .exec(new ResultCallback.Adapter<>());
    assertThat(pushed.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
