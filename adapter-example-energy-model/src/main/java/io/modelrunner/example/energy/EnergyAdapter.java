package io.modelrunner.example.energy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.ProcessResult;
import io.modelrunner.adapter.ProcessRunner;
import io.modelrunner.adapter.ProcessSpec;
import io.modelrunner.adapter.RunContext;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The merit-order dispatch Python model as an adapter. The config is the model's input, checked by
 * the SDK against the packaged {@code input.schema.json} ({@link #configSchema()}); {@code run}
 * writes it unchanged to {@code inputFile.json}, runs {@code connector.py} in subprocess mode with
 * a deadline, and returns its {@code data.json}.
 *
 * <p>Settings beyond the SDK's standard options come from the environment: {@code ENERGY_PYTHON}
 * (default {@code python3}), {@code ENERGY_CONNECTOR} (default: the {@code connector.py} packaged
 * in this jar, extracted to a temp dir with the model and the schemas), {@code
 * ENERGY_TIMEOUT_SECONDS} (default 600) and {@code ENERGY_STORE_DIR} (when set, each result is also
 * written to {@code DIR/<id>/data.json} and the result carries that {@code path}).
 */
public final class EnergyAdapter extends ModelAdapter<JsonNode> {

  /** The Python files and the schemas, packaged as resources under this path. */
  static final String PYTHON_RESOURCES = "/io/modelrunner/example/energy/python/";

  private static final List<String> PACKAGED_FILES =
      List.of(
          "connector.py", "dispatch.py", "schemas/input.schema.json", "schemas/output.schema.json");

  /**
   * @param python the Python 3 interpreter
   * @param connector {@code connector.py}
   * @param deadline how long one model run may take
   * @param storeDir where results are also stored, or null for nowhere
   */
  public record Settings(String python, Path connector, Duration deadline, Path storeDir) {
    public Settings {
      Objects.requireNonNull(python, "python");
      Objects.requireNonNull(connector, "connector");
      Objects.requireNonNull(deadline, "deadline");
    }

    /** Settings read from {@code env}; the connector defaults to the one packaged in the jar. */
    public static Settings fromEnvironment(Map<String, String> env) {
      String connector = env.get("ENERGY_CONNECTOR");
      String store = env.get("ENERGY_STORE_DIR");
      return new Settings(
          env.getOrDefault("ENERGY_PYTHON", "python3"),
          connector == null || connector.isBlank()
              ? extractPackagedConnector()
              : Path.of(connector),
          Duration.ofSeconds(Long.parseLong(env.getOrDefault("ENERGY_TIMEOUT_SECONDS", "600"))),
          store == null || store.isBlank() ? null : Path.of(store));
    }
  }

  private final Settings settings;
  private final ObjectMapper mapper = JsonMappers.standard();
  private final ProcessRunner processRunner = new ProcessRunner();

  public EnergyAdapter(Settings settings) {
    super(JsonNode.class);
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  /** The model's input schema, packaged in this jar: the SDK checks every initialize body. */
  @Override
  public Optional<URI> configSchema() {
    return Optional.of(inputSchema());
  }

  /** The packaged {@code input.schema.json} (the same file as the module's schemas/). */
  public static URI inputSchema() {
    return packaged("schemas/input.schema.json");
  }

  /** The packaged {@code output.schema.json}: what every result matches. */
  public static URI outputSchema() {
    return packaged("schemas/output.schema.json");
  }

  @Override
  public void initialize(JsonNode config) {
    // The SDK has checked the body against input.schema.json; connector.py checks what a schema
    // cannot (unique names, series lengths, costs up to the value of lost load) and exits 2.
    if (!config.isObject()) {
      throw new IllegalArgumentException("the configuration must be a JSON object");
    }
  }

  @Override
  public Object run(RunContext<JsonNode> context) throws Exception {
    Path work = context.workDir(); // made by the SDK; deleted with the run on /remove
    Path input = work.resolve("inputFile.json");
    mapper.writeValue(input.toFile(), context.config());
    Path output = work.resolve("output");
    context.reportProgress("running the merit-order dispatch");
    ProcessResult result =
        processRunner.run(
            new ProcessSpec(
                List.of(
                    settings.python(),
                    settings.connector().toString(),
                    "--input",
                    input.toString(),
                    "--output-dir",
                    output.toString()),
                work,
                Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                settings.deadline(),
                work.resolve("connector.log")));
    if (!result.succeeded()) {
      throw new IllegalStateException(
          "the energy connector exited " + result.exitCode() + ": " + errorLine(result));
    }
    JsonNode data = mapper.readTree(output.resolve("data.json").toFile());
    if (settings.storeDir() == null) {
      return data;
    }
    Path stored = settings.storeDir().resolve(safe(context.modelRunId())).resolve("data.json");
    Files.createDirectories(stored.getParent());
    Files.copy(output.resolve("data.json"), stored, StandardCopyOption.REPLACE_EXISTING);
    ObjectNode withPath = ((ObjectNode) data).deepCopy();
    withPath.put("path", stored.toAbsolutePath().toString());
    return withPath;
  }

  @Override
  public String version() {
    String v = EnergyAdapter.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  public static void main(String[] args) {
    AdapterServer server =
        AdapterServer.start(
            new EnergyAdapter(Settings.fromEnvironment(System.getenv())),
            AdapterConfig.fromArgs(args, System.getenv(), "ENERGY"));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "energy-adapter-shutdown"));
  }

  /** Copies the packaged connector, model and schemas to a new temp dir; returns the connector. */
  static Path extractPackagedConnector() {
    try {
      Path dir = Files.createTempDirectory("energy-python-");
      dir.toFile().deleteOnExit();
      Files.createDirectories(dir.resolve("schemas")).toFile().deleteOnExit();
      for (String name : PACKAGED_FILES) {
        try (InputStream in = EnergyAdapter.class.getResourceAsStream(PYTHON_RESOURCES + name)) {
          if (in == null) {
            throw new IllegalStateException(name + " is not packaged at " + PYTHON_RESOURCES);
          }
          Path file = dir.resolve(name);
          Files.copy(in, file);
          file.toFile().deleteOnExit();
        }
      }
      return dir.resolve("connector.py");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the Python model", e);
    }
  }

  private static URI packaged(String name) {
    URL url = EnergyAdapter.class.getResource(PYTHON_RESOURCES + name);
    if (url == null) {
      throw new IllegalStateException(name + " is not packaged at " + PYTHON_RESOURCES);
    }
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + url, e);
    }
  }

  /** The connector's {@code error:} line (it names the field), else its last line. */
  private static String errorLine(ProcessResult result) throws IOException {
    List<String> lines = result.logTail(4000).strip().lines().toList();
    return lines.stream()
        .filter(l -> l.contains("error: "))
        .findFirst()
        .map(l -> l.substring(l.indexOf("error: ")))
        .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1))
        .strip();
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
