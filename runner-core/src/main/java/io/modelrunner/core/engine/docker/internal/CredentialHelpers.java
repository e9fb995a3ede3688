package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.engine.docker.DockerCredentialsException;
import io.modelrunner.core.engine.docker.RegistryAuth;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * Runs Docker credential helpers: {@code docker-credential-NAME get} with the server address on
 * standard input, answering {@code {"ServerURL", "Username", "Secret"}} as JSON, or failing with
 * "credentials not found" when it has none. What a helper prints is never logged nor put in a
 * message, except the first line of a failure.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class CredentialHelpers {
  /** What a helper answers for a registry it has no credentials for. */
  static final String NOT_FOUND = "credentials not found";

  /** The user name that means the secret is an identity token. */
  static final String TOKEN_USER = "<token>";

  private static final int MAX_OUTPUT = 64 * 1024;

  private final String path;
  private final Duration timeout;

  /**
   * @param environment where {@code PATH} is read
   * @param timeout how long a helper may take; it is killed after that
   */
  public CredentialHelpers(Map<String, String> environment, Duration timeout) {
    String p = environment.get("PATH");
    this.path = p == null ? "" : p;
    this.timeout = timeout;
  }

  /**
   * The helper {@code name}'s credentials for {@code host}, or empty when it has none.
   *
   * @param origin where the helper was named, for messages ({@code credsStore in FILE})
   * @throws DockerCredentialsException when the helper is not on the PATH, fails, answers what is
   *     not JSON, or does not answer within the timeout
   */
  public Optional<RegistryAuth> get(String name, String origin, String host) {
    String program = "docker-credential-" + name;
    Path executable = find(program, origin);
    Process process;
    try {
      process = new ProcessBuilder(executable.toString(), "get").start();
    } catch (IOException e) {
      throw new DockerCredentialsException(
          "credential helper " + program + " (" + origin + ") cannot be started: " + e, e);
    }
    Drain stdout = new Drain(process.getInputStream(), program + "-stdout");
    Drain stderr = new Drain(process.getErrorStream(), program + "-stderr");
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write((RegistryHosts.serverAddress(host) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the helper exited without reading: its exit status says why
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new DockerCredentialsException(
            "credential helper "
                + program
                + " ("
                + origin
                + ") did not answer within "
                + Durations.human(timeout)
                + " for registry "
                + host);
      }
      String out = stdout.text();
      if (process.exitValue() != 0) {
        String said = (out.isBlank() ? stderr.text() : out).strip();
        if (said.contains(NOT_FOUND)) {
          return Optional.empty();
        }
        throw new DockerCredentialsException(
            "credential helper "
                + program
                + " ("
                + origin
                + ") failed with exit status "
                + process.exitValue()
                + " for registry "
                + host
                + ": "
                + firstLine(said));
      }
      return parse(program, origin, host, out);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DockerCredentialsException("interrupted while running " + program, e);
    }
  }

  private static Optional<RegistryAuth> parse(
      String program, String origin, String host, String out) {
    JsonNode answer;
    try {
      answer = JsonMappers.standard().readTree(out);
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      throw new DockerCredentialsException(
          "credential helper "
              + program
              + " ("
              + origin
              + ") answered for registry "
              + host
              + " what is not a JSON object with Username and Secret");
    }
    String username = answer.path("Username").asText("");
    String secret = answer.path("Secret").asText("");
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    if (TOKEN_USER.equals(username)) {
      return Optional.of(new RegistryAuth(host, "", "", secret));
    }
    return Optional.of(new RegistryAuth(host, username, secret));
  }

  private Path find(String program, String origin) {
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(folder, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new DockerCredentialsException(
        "credential helper "
            + program
            + " ("
            + origin
            + ") is not on the PATH ("
            + path
            + "): install it, or remove it from the Docker config");
  }

  private static String firstLine(String text) {
    String line = text.lines().findFirst().orElse("(no output)");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** Reads a stream to its end on its own thread, keeping at most {@value #MAX_OUTPUT} bytes. */
  private static final class Drain {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread thread;

    Drain(InputStream in, String name) {
      thread =
          new Thread(
              () -> {
                byte[] buffer = new byte[8192];
                try (in) {
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    synchronized (bytes) {
                      if (bytes.size() < MAX_OUTPUT) {
                        bytes.write(buffer, 0, Math.min(n, MAX_OUTPUT - bytes.size()));
                      }
                    }
                  }
                } catch (IOException e) {
                  // the helper was killed
                }
              },
              name);
      thread.setDaemon(true);
      thread.start();
    }

    /** All it read; call after the process ended. */
    String text() throws InterruptedException {
      thread.join(TimeUnit.SECONDS.toMillis(5));
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
