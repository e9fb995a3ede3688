package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Runs a model on the primary engine when it can be prepared there, else on the fallback engine
 * when the model has a command for it: what {@code --engine auto} means per model. For example
 * Docker first, and a local process when the model's image is neither present nor pullable but the
 * models catalog gives a command. A model that neither engine can prepare fails with the primary
 * engine's reason. Which engine ran is in the {@link ModelIdentity}.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class FallbackEngine extends PairedEngine {
  private final ModelEngine primary;
  private final ModelEngine fallback;
  private final Consumer<String> notice;

  /**
   * @param notice told, in one line, when a model falls back (e.g. printed for the user)
   */
  public FallbackEngine(ModelEngine primary, ModelEngine fallback, Consumer<String> notice) {
    super(primary, fallback);
    this.primary = primary;
    this.fallback = fallback;
    this.notice = Objects.requireNonNull(notice, "notice");
  }

  @Override
  public String name() {
    return primary.name() + "+" + fallback.name();
  }

  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    try {
      return primary.prepare(launch);
    } catch (EngineException e) {
      if (launch.command().isEmpty()) {
        throw e;
      }
      notice.accept(
          launch.slug()
              + ": "
              + primary.name()
              + " cannot run it ("
              + e.getMessage()
              + "); running it on the "
              + fallback.name()
              + " engine");
      return fallback.prepare(launch);
    }
  }

  @Override
  protected ModelEngine engineOf(ModelIdentity identity) {
    if (identity.engine().equals(primary.name())) {
      return primary;
    }
    if (identity.engine().equals(fallback.name())) {
      return fallback;
    }
    throw new EngineException(
        "model identity from engine '" + identity.engine() + "' is neither " + name());
  }
}
