package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * An engine made of two engines: a subclass says which one prepares a model ({@link #prepare}) and
 * which one a prepared model belongs to ({@link #engineOf}); starting and reattaching go to that
 * engine, and closing closes both (the first one first).
 */
@API(status = INTERNAL, since = "0.1.0")
public abstract class PairedEngine implements ModelEngine {
  private final ModelEngine first;
  private final ModelEngine second;

  /** {@code first} is closed before {@code second}. */
  protected PairedEngine(ModelEngine first, ModelEngine second) {
    this.first = Objects.requireNonNull(first, "first");
    this.second = Objects.requireNonNull(second, "second");
  }

  /** The engine that prepared the model {@code identity} names. */
  protected abstract ModelEngine engineOf(ModelIdentity identity);

  @Override
  public final ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    return engineOf(identity).start(request, identity);
  }

  /** Reattaches on the engine that {@code identity} names. */
  @Override
  public final Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
    return engineOf(identity).reattach(request, identity);
  }

  @Override
  public final void close() {
    try {
      first.close();
    } finally {
      second.close();
    }
  }
}
