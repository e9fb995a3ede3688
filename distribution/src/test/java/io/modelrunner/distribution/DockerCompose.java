package io.modelrunner.distribution;

import io.modelrunner.testkit.junit.ServerCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Finds {@code docker-compose} (Debian's package) or the {@code docker compose} plugin. */
public final class DockerCompose implements ServerCheck {

  @Override
  public Optional<String> missing() {
    return command().isPresent()
        ? Optional.empty()
        : Optional.of(
            "neither docker-compose nor the docker compose plugin answers"
                + " (Debian: apt-get install docker-compose)");
  }

  /** The command that runs Compose: {@code [docker-compose]} or {@code [docker, compose]}. */
  static Optional<List<String>> command() {
    for (List<String> candidate :
        List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
      try {
        Cli.run(concat(candidate, List.of("version")), Duration.ofSeconds(30));
        return Optional.of(candidate);
      } catch (IOException e) {
        // not this one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }
}
