package io.modelrunner.engine.slurm;

import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import java.util.Objects;
import java.util.Optional;

/** Runs each model as a Slurm job (work in progress: the lead is writing it). */
public final class SlurmEngine implements ModelEngine {
  public static final String NAME = "slurm";

  private final SlurmEngineConfig config;

  public SlurmEngine(SlurmEngineConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public String name() {
    return NAME;
  }

  public SlurmEngineConfig config() {
    return config;
  }

  /** Whether slurmrestd answers a ping with this engine's token. Never throws. */
  public boolean ping() {
    return false;
  }

  /** Checks that slurmrestd answers and accepts the token; throws a SlurmException saying why. */
  public void requireReachable() {
    throw new SlurmException("not written yet", null);
  }

  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    throw new SlurmException("not written yet", null);
  }

  @Override
  public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    throw new SlurmException("not written yet", null);
  }

  @Override
  public Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
    return Optional.empty();
  }
}
