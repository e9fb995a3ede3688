package io.modelrunner.testkit.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.modelrunner.core.engine.docker.DockerClients;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * A Docker client for tests: builds small test images from the local base images (reusing them when
 * present) and looks at containers behind the engine's back. Close it after use.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TestDocker implements AutoCloseable {
  /** The local busybox base image ({@code .ci/docker-setup.sh} makes it). */
  public static final String BUSYBOX = "local/busybox:1";

  /** The local Python base image ({@code .ci/docker-setup.sh} makes it). */
  public static final String PYTHON = "local/python3:bookworm";

  private final DockerClient client;

  public TestDocker() {
    this(config("test-docker"));
  }

  /** A client for {@code config}'s engine (another engine than {@code DOCKER_HOST}'s: Podman). */
  public TestDocker(DockerEngineConfig config) {
    this.client = DockerClients.create(config, 8);
  }

  /** The engine configuration tests use: the environment's engine, the given runner id. */
  public static DockerEngineConfig config(String runnerId) {
    return DockerEngineConfig.fromEnvironment(runnerId, System.getenv());
  }

  public DockerClient client() {
    return client;
  }

  /**
   * Builds an image tagged {@code model-runner-test/<name>:<hash of its sources>} unless it exists.
   *
   * @param files the build context: file name → content; must hold {@code Dockerfile}
   * @return the tag
   */
  public String image(String name, Map<String, String> files) {
    Map<String, String> sorted = new TreeMap<>(files);
    String tag = "model-runner-test/" + name + ":" + hash(sorted.toString());
    if (exists(tag)) {
      return tag;
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("test-image-" + name);
      for (Map.Entry<String, String> file : sorted.entrySet()) {
        Path path = dir.resolve(file.getKey());
        Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        path.toFile().setExecutable(true, false);
      }
      client
          .buildImageCmd(dir.toFile())
          .withTags(Set.of(tag))
          .withPull(false)
          .exec(new BuildImageResultCallback())
          .awaitImageId();
      return tag;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(dir);
    }
  }

  public boolean exists(String image) {
    try {
      client.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  public boolean containerExists(String id) {
    try {
      client.inspectContainerCmd(id).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  /**
   * Without a logback-test.xml Logback logs at DEBUG, and httpclient5 then logs every byte of every
   * container's output (the wire log): slow, and it hides the tests' own lines.
   */
  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder
    }
  }
}
