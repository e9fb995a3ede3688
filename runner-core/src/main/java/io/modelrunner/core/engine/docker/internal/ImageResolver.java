package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.docker.DockerCredentialsException;
import io.modelrunner.core.engine.docker.RegistryAuth;
import io.modelrunner.core.engine.docker.RegistryCredentials;
import io.modelrunner.core.internal.Throwables;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds an image locally, else pulls it, and says exactly which image will run. */
@API(status = INTERNAL, since = "0.1.0")
public final class ImageResolver {
  public static final String VERSION_LABEL = "org.opencontainers.image.version";

  private static final Logger LOG = LoggerFactory.getLogger(ImageResolver.class);

  private final DockerClient client;
  private final EngineFailures failures;
  private final RegistryCredentials registries;
  private final Duration pullTimeout;

  public ImageResolver(
      DockerClient client,
      EngineFailures failures,
      RegistryCredentials registries,
      Duration pullTimeout) {
    this.client = client;
    this.failures = failures;
    this.registries = registries;
    this.pullTimeout = pullTimeout;
  }

  public ModelIdentity resolve(String engineName, String slug, String reference) {
    if (reference == null || reference.isBlank()) {
      throw new EngineException("model " + slug + " has no image to run on the Docker engine");
    }
    ImageReference image = ImageReference.parse(reference);
    InspectImageResponse inspected = inspect(image.reference());
    if (inspected == null) {
      pull(slug, image);
      inspected = inspect(image.pullable());
      if (inspected == null) {
        throw new EngineException(
            "image " + reference + " of model " + slug + " is still missing after its pull");
      }
    }
    List<String> digests = inspected.getRepoDigests();
    Map<String, String> labels =
        inspected.getConfig() == null ? null : inspected.getConfig().getLabels();
    return new ModelIdentity(
        engineName,
        reference,
        inspected.getId(),
        digests == null || digests.isEmpty() ? null : digests.get(0),
        labels == null ? null : labels.get(VERSION_LABEL));
  }

  private InspectImageResponse inspect(String reference) {
    try {
      return client.inspectImageCmd(reference).exec();
    } catch (NotFoundException e) {
      return null;
    } catch (RuntimeException e) {
      throw failures.failed("inspecting image " + reference, e);
    }
  }

  private void pull(String slug, ImageReference image) {
    Optional<RegistryAuth> auth = credentials(slug, image);
    LOG.info(
        "Image {} is not present locally: pulling it{}",
        image.pullable(),
        auth.isPresent() ? " with credentials for " + image.registry() : "");
    var pull = client.pullImageCmd(image.pullable());
    auth.ifPresent(r -> pull.withAuthConfig(authConfig(r)));
    PullCallback callback = new PullCallback();
    try {
      boolean done =
          pull.exec(callback).awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        throw new EngineException(
            "image "
                + image.reference()
                + " of model "
                + slug
                + " is not present locally and its pull did not finish within "
                + Durations.human(pullTimeout));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while pulling image " + image.reference(), e);
    } catch (EngineException e) {
      throw e;
    } catch (RuntimeException e) {
      throw pullFailed(slug, image, auth.isPresent(), e);
    }
    if (callback.failure.get() != null) {
      throw pullFailed(slug, image, auth.isPresent(), callback.failure.get());
    }
  }

  private Optional<RegistryAuth> credentials(String slug, ImageReference image) {
    try {
      return registries.find(image.registry());
    } catch (DockerCredentialsException e) {
      throw new DockerCredentialsException(
          "image "
              + image.reference()
              + " of model "
              + slug
              + " is not present locally and cannot be pulled: "
              + e.getMessage(),
          e);
    }
  }

  private static AuthConfig authConfig(RegistryAuth auth) {
    AuthConfig config = new AuthConfig().withRegistryAddress(auth.registry());
    if (auth.identityToken() != null) {
      return config.withIdentityToken(auth.identityToken());
    }
    return config.withUsername(auth.username()).withPassword(auth.password());
  }

  private EngineException pullFailed(
      String slug, ImageReference image, boolean withCredentials, Throwable failure) {
    // A failed pull is an error status or a DockerClientException from the callback; no answer at
    // all means the engine is not reachable.
    if (!EngineFailures.engineAnswered(failure) && !(failure instanceof DockerClientException)) {
      return failures.unreachable(failure);
    }
    return new EngineException(
        "image "
            + image.reference()
            + " of model "
            + slug
            + " is not present locally and cannot be pulled from "
            + image.registry()
            + ": "
            + Throwables.rootMessage(failure)
            + (withCredentials
                ? ""
                : " (pulled anonymously: no credentials are configured for "
                    + image.registry()
                    + ")"),
        failure);
  }

  /**
   * Records a failed pull for the resolver to report, instead of logging it as an error. A pull
   * that fails can also answer 200 with an error item in the stream and no status: Podman's
   * Docker-compatible API does so, and docker-java's own callback fails on the missing status.
   */
  private static final class PullCallback extends PullImageResultCallback {
    /** The first failure: closing the stream on it makes the reader report another one. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Override
    public void onNext(PullResponseItem item) {
      if (item.isErrorIndicated()) {
        onError(new DockerClientException("Could not pull image: " + errorOf(item)));
      } else if (item.getStatus() != null) {
        super.onNext(item);
      }
    }

    private static String errorOf(PullResponseItem item) {
      ResponseItem.ErrorDetail detail = item.getErrorDetail();
      return detail != null && detail.getMessage() != null ? detail.getMessage() : item.getError();
    }

    @Override
    public void onError(Throwable throwable) {
      failure.compareAndSet(null, throwable);
      try {
        close();
      } catch (IOException ignored) {
        // closing the stream only
      }
    }
  }
}
