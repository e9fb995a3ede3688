package io.modelrunner.app.config;

import io.modelrunner.core.engine.docker.DockerCredentials;
import io.modelrunner.core.engine.docker.DockerCredentialsException;
import io.modelrunner.core.engine.docker.RegistryAuth;
import io.modelrunner.core.engine.docker.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code images.docker-config} and {@code images.registry*}: the credentials model images are
 * pulled with, for {@code serve} and {@code run} alike. The password never appears in {@link
 * #toString()} or {@link #describe()}.
 *
 * @param dockerConfig a Docker {@code config.json}, or null for the Docker CLI's own ({@code
 *     $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}) when it exists
 * @param dockerConfigOff {@code images.docker-config=none}: no {@code config.json} is read
 * @param registry the registry of the explicit credentials, or empty when there are none
 */
public record PullCredentialsSection(
    Path dockerConfig, boolean dockerConfigOff, String registry, String username, String password) {
  /** The value of {@code images.docker-config} that turns reading a {@code config.json} off. */
  public static final String NONE = "none";

  static PullCredentialsSection parse(ConfigValues v) {
    String configText = v.text("images.docker-config");
    boolean off = NONE.equals(configText);
    Path config = off ? null : v.path("images.docker-config");
    if (config != null && !Files.isRegularFile(config)) {
      v.problem("images.docker-config", "no such file: " + config);
    }
    String registry = v.text("images.registry");
    String username = v.text("images.registry-username");
    String password = v.text("images.registry-password");
    Path passwordFile = v.path("images.registry-password-file");
    if (passwordFile != null) {
      if (!password.isEmpty()) {
        v.problem(
            "images.registry-password-file",
            "set it or images.registry-password (from "
                + v.source("images.registry-password")
                + "), not both");
      }
      try {
        password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        v.problem("images.registry-password-file", "cannot read " + passwordFile + ": " + e);
      }
    }
    boolean anyExplicit = !registry.isEmpty() || !username.isEmpty() || !password.isEmpty();
    if (anyExplicit && (registry.isEmpty() || username.isEmpty() || password.isEmpty())) {
      v.problem(
          "images.registry, images.registry-username and images.registry-password (or"
              + " images.registry-password-file) go together: set all three or none");
    }
    if (registry.contains("/")) {
      v.problem(
          "images.registry",
          "must be a registry host such as ghcr.io or registry.example.org:5000, not '"
              + registry
              + "'");
    }
    return new PullCredentialsSection(config, off, registry, username, password);
  }

  /**
   * These keys for {@code model-runner run}: from {@code file} (may be null; its other keys are
   * {@code serve}'s, and are not read) and the environment.
   *
   * @param dockerConfig {@code --docker-config} (a file or {@value #NONE}), which wins over {@code
   *     images.docker-config} (may be null)
   * @throws ConfigException listing every problem, each naming its key and source
   */
  public static PullCredentialsSection load(
      Path file, Map<String, String> environment, String dockerConfig) {
    List<String> problems = new ArrayList<>();
    ConfigValues v =
        ServiceConfig.resolve(
            file,
            environment,
            dockerConfig == null ? Map.of() : Map.of("images.docker-config", dockerConfig),
            problems);
    PullCredentialsSection section = parse(v);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return section;
  }

  /**
   * The credentials to pull with: the explicit ones for their registry, then the {@code
   * config.json}'s (its credential helpers run only when a pull needs them).
   *
   * @param environment where the Docker CLI's own {@code config.json} is found ({@code
   *     DOCKER_CONFIG}, {@code HOME}) and credential helpers are looked for ({@code PATH})
   * @throws DockerCredentialsException when the {@code config.json} is not valid
   */
  public RegistryCredentials credentials(Map<String, String> environment) {
    RegistryCredentials explicit =
        registry.isEmpty()
            ? RegistryCredentials.none()
            : RegistryCredentials.of(List.of(new RegistryAuth(registry, username, password)));
    return configFile(environment)
        .map(
            file ->
                explicit.orElse(
                    DockerCredentials.fromDockerConfig(
                        file, environment, DockerCredentials.DEFAULT_HELPER_TIMEOUT)))
        .orElse(explicit);
  }

  /** The {@code config.json} read: the configured one, else the Docker CLI's when it exists. */
  public Optional<Path> configFile(Map<String, String> environment) {
    if (dockerConfigOff) {
      return Optional.empty();
    }
    return dockerConfig != null
        ? Optional.of(dockerConfig)
        : DockerCredentials.defaultConfigFile(environment);
  }

  /** For the start-up log: which credentials are configured, the password as {@code (set)}. */
  public String describe() {
    String file =
        dockerConfigOff
            ? "no Docker config"
            : dockerConfig == null
                ? "the Docker CLI's config.json"
                : "Docker config " + dockerConfig;
    return registry.isEmpty()
        ? file
        : registry + " as " + username + " (password (set)), then " + file;
  }

  @Override
  public String toString() {
    return "PullCredentialsSection[" + describe() + "]";
  }
}
