package io.modelrunner.adapter.example;

// snippet:epidemic-imports
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.ConfigurationRefusedException;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

// end-snippet:epidemic-imports

/** The example of docs/writing-an-adapter.md: a toy epidemic model behind the adapter API. */
// snippet:epidemic-adapter
public class EpidemicAdapter extends ModelAdapter<EpidemicAdapter.Config> {

  /** The initialize body; keys it does not declare (e.g. base_path) are ignored. */
  public record Config(String region, double r0, int days) {}

  public EpidemicAdapter() {
    super(Config.class);
  }

  @Override
  public String name() {
    return "epidemic"; // registered and shown by /status unless --name or ADAPTER_ID says otherwise
  }

  @Override
  public Optional<URI> configSchema() {
    return Optional.of(
        URI.create(getClass().getResource("epidemic-config.schema.json").toString()));
  }

  @Override
  public void initialize(Config config) {
    if (config.region().isBlank()) {
      throw new ConfigurationRefusedException("region must not be blank");
    }
  }

  @Override
  public Object run(RunContext<Config> context) throws IOException {
    Config c = context.config();
    List<Double> infected = new ArrayList<>();
    double cases = 1;
    for (int day = 0; day < c.days(); day++) {
      cases *= Math.pow(c.r0(), 1.0 / 5); // one generation every five days
      infected.add(cases);
      context.reportProgress("day " + day + " of " + c.days()); // throws once cancelled
    }
    // the run's own directory: kept until the run is removed, then deleted by the SDK
    Path table = context.workDir().resolve("infected.csv");
    Files.write(table, infected.stream().map(String::valueOf).toList());
    return Map.of("region", c.region(), "infected", infected, "path", table.toString());
  }

  public static void main(String[] args) {
    AdapterServer.start(new EpidemicAdapter(), args);
  }
}
// end-snippet:epidemic-adapter
