package io.modelrunner.benchmarks.adapter;

import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;
import java.util.Map;

/**
 * The SDK side of the adapter lifecycle benchmark: a model that does nothing, so that what is
 * measured is the SDK (HTTP, routing, JSON, the state machine). Run as its own JVM by the suite,
 * like gunicorn runs the Flask baseline: {@code java -cp benchmarks.jar
 * io.modelrunner.benchmarks.adapter.NoopAdapter --host 127.0.0.1 --port 8080 …} (the SDK's usual
 * options).
 */
public final class NoopAdapter extends ModelAdapter<NoopAdapter.Config> {

  /** The initialize body the benchmark sends: {@code {"scenario":"noop"}}. */
  public record Config(String scenario) {}

  public NoopAdapter() {
    super(Config.class);
  }

  @Override
  public void initialize(Config config) {}

  @Override
  public Object run(RunContext<Config> context) {
    return Map.of("scenario", String.valueOf(context.config().scenario()), "ok", true);
  }

  public static void main(String[] args) throws InterruptedException {
    AdapterServer.start(new NoopAdapter(), args);
    Thread.currentThread().join();
  }
}
