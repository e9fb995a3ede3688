package io.modelrunner.adapter;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The adapter the tests drive: it sleeps {@code sleepMillis} (or blocks until {@link #release()}
 * when {@code block} is set), fails with {@code fail} when given, refuses initialize with {@code
 * rejectInit}, and records cleanups and interruptions.
 */
public class TestModelAdapter extends ModelAdapter<TestModelAdapter.Config> {

  /** The configuration; {@code base_path} and other unknown keys are not declared here. */
  public record Config(
      String name, long sleepMillis, boolean block, String fail, String rejectInit) {}

  public final Set<String> removed = ConcurrentHashMap.newKeySet();
  public final Set<String> interrupted = ConcurrentHashMap.newKeySet();
  public final Map<String, Boolean> started = new ConcurrentHashMap<>();
  private final CountDownLatch gate = new CountDownLatch(1);

  public TestModelAdapter() {
    super(Config.class);
  }

  public void release() {
    gate.countDown();
  }

  @Override
  public void initialize(Config config) {
    if (config.rejectInit() != null) {
      throw new IllegalArgumentException(config.rejectInit());
    }
  }

  @Override
  public Object run(RunContext<Config> context) throws Exception {
    started.put(context.modelRunId(), true);
    Config c = context.config();
    try {
      context.reportProgress("working");
      if (c.block()) {
        if (!gate.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test gate never opened");
        }
      } else if (c.sleepMillis() > 0) {
        Thread.sleep(c.sleepMillis());
      }
    } catch (InterruptedException e) {
      interrupted.add(context.modelRunId());
      throw e;
    }
    if (c.fail() != null) {
      throw new IllegalStateException(c.fail());
    }
    return Map.of(
        "path", "/results/" + context.modelRunId() + ".json", "name", String.valueOf(c.name()));
  }

  @Override
  public void onRemove(String modelRunId) {
    removed.add(modelRunId);
  }
}
