package io.modelrunner.app.adapter;

import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.PairedEngine;

/**
 * Sends adapter-backed models ({@code adapter:<name>} images) to the adapters' engine and every
 * other model to the delegate (Docker, process, or both with a fallback). Which engine prepared a
 * model is in its {@link ModelIdentity#engine()}; {@link #start} and {@link #reattach} go to that
 * engine. {@link #name()} is the delegate's; {@link #close()} closes both.
 */
public final class RoutingEngine extends PairedEngine {
  private final ModelEngine adapters;
  private final ModelEngine delegate;

  /**
   * @param adapters the engine for {@code adapter:<name>} images (an {@link AdapterEngine})
   * @param delegate the engine for every other model
   */
  public RoutingEngine(ModelEngine adapters, ModelEngine delegate) {
    super(adapters, delegate);
    this.adapters = adapters;
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    return AdapterEngine.isAdapterImage(launch.image())
        ? adapters.prepare(launch)
        : delegate.prepare(launch);
  }

  @Override
  protected ModelEngine engineOf(ModelIdentity identity) {
    return identity.engine().equals(adapters.name()) ? adapters : delegate;
  }
}
