package io.modelrunner.adapter.plain;

import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.ConfigurationRefusedException;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;

/**
 * The smallest adapter, started as its own program by {@link PlainAdapterLoggingIT} with nothing
 * but the SDK's runtime class path: it refuses every configuration whose {@code size} is negative.
 */
public final class PlainAdapter extends ModelAdapter<PlainAdapter.Config> {
  /** The configuration. */
  public record Config(int size) {}

  PlainAdapter() {
    super(Config.class);
  }

  @Override
  public void initialize(Config config) {
    if (config.size() < 0) {
      throw new ConfigurationRefusedException("size must not be negative, got " + config.size());
    }
  }

  @Override
  public Object run(RunContext<Config> context) {
    return java.util.Map.of("size", context.config().size());
  }

  public static void main(String[] args) {
    AdapterServer.start(new PlainAdapter(), args);
  }
}
