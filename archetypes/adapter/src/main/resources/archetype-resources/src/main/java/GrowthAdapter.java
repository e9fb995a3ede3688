package ${package};

import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.ConfigurationRefusedException;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The model, served as a model-runner adapter: replace the growth curve in {@link #run} with your
 * model, and {@link Config} with its parameters.
 */
public final class GrowthAdapter extends ModelAdapter<GrowthAdapter.Config> {

  /**
   * One run's parameters: the body of {@code POST /model/initialize/{id}}.
   *
   * @param initial the value on day 0
   * @param rate the growth per day (0.1 is 10 %)
   * @param days how many days to compute
   */
  public record Config(double initial, double rate, int days) {}

  /** What {@code /model/results/{id}} returns as {@code result}. */
  public record Result(List<Double> values) {}

  public GrowthAdapter() {
    super(Config.class);
  }

  /** The name the registry and {@code /status} show; {@code --name} or ADAPTER_ID overrides it. */
  @Override
  public String name() {
    return "${artifactId}";
  }

  /** Serves the adapter; see the README for the options (port, registry, ...). */
  public static void main(String[] args) {
    AdapterServer.start(new GrowthAdapter(), args);
  }

  /** Refuses a configuration the model cannot run: the run ends in ERROR with this message. */
  @Override
  public void initialize(Config config) {
    if (config.initial() < 0) {
      throw new ConfigurationRefusedException(
          "initial must be at least 0, got " + config.initial());
    }
    if (config.days() < 1 || config.days() > 3650) {
      throw new ConfigurationRefusedException("days must be 1..3650, got " + config.days());
    }
  }

  @Override
  public Object run(RunContext<Config> context) {
    Config config = context.config();
    List<Double> values = new ArrayList<>(config.days() + 1);
    double value = config.initial();
    values.add(value);
    for (int day = 1; day <= config.days(); day++) {
      value = value * (1 + config.rate());
      values.add(value);
      if (day % 100 == 0) {
        // Also the cancellation point: after /remove this throws RunCancelledException.
        context.reportProgress("day " + day + " of " + config.days());
      }
    }
    return new Result(values);
  }
}
