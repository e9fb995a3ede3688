package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How to run a model, as a models catalog entry (or a run request's {@code imageURL}) says.
 *
 * @param slug the model's slug
 * @param image the connector image reference, for the Docker engine; may be null for a process-only
 *     model
 * @param command the command line, for the process engine (the container contract takes no
 *     arguments, so the Docker engine ignores it); may be empty for a Docker-only model
 * @param environment extra environment variables for the model (never secrets of the runner)
 * @param scheduling where a batch scheduler places it (the Slurm engine); other engines ignore it
 */
@API(status = MAINTAINED, since = "0.1.0")
public record ModelLaunch(
    String slug,
    String image,
    List<String> command,
    Map<String, String> environment,
    Scheduling scheduling) {

  public ModelLaunch {
    Objects.requireNonNull(slug, "slug");
    command = List.copyOf(command == null ? List.of() : command);
    environment = Map.copyOf(environment == null ? Map.of() : environment);
    scheduling = scheduling == null ? Scheduling.none() : scheduling;
  }

  /** A launch without scheduling options. */
  public ModelLaunch(
      String slug, String image, List<String> command, Map<String, String> environment) {
    this(slug, image, command, environment, Scheduling.none());
  }

  /** A connector image with nothing else. */
  public static ModelLaunch image(String slug, String image) {
    return new ModelLaunch(slug, Objects.requireNonNull(image, "image"), List.of(), Map.of());
  }
}
