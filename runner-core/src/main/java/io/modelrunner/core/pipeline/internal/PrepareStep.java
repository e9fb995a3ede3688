package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import java.util.Objects;
import org.apiguardian.api.API;

/** Makes the model runnable (local image, else pull; or the command) and pins its identity. */
@API(status = INTERNAL, since = "0.1.0")
public final class PrepareStep {
  private final ModelEngine engine;

  public PrepareStep(ModelEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  public ModelIdentity prepare(ModelLaunch launch) throws StepFailure {
    try {
      return engine.prepare(launch);
    } catch (EngineException e) {
      throw new StepFailure(
          Kind.PLATFORM_ERROR,
          "the "
              + engine.name()
              + " engine cannot run model "
              + launch.slug()
              + ": "
              + e.getMessage());
    }
  }
}
