package io.modelrunner.example.seir;

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
import io.modelrunner.api.ModelInput;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SEIR-H Python model as an adapter: the config is the standard model input, {@code run} writes
 * it to {@code inputFile.json}, runs {@code connector.py} in subprocess mode (which does the
 * pre-processing, the model and the post-processing) with a deadline, and returns its {@code
 * data.json}, the standard model output.
 *
 * <p>Settings beyond the SDK's standard options come from the environment: {@code SEIR_PYTHON}
 * (default {@code python3}), {@code SEIR_CONNECTOR} (default: the {@code connector.py} packaged in
 * this jar, extracted to a temp dir), {@code SEIR_TIMEOUT_SECONDS} (default 600) and {@code
 * SEIR_STORE_DIR} (when set, each result is also written to {@code DIR/<id>/data.json} and the
 * result carries that {@code path}).
 */
public final class SeirAdapter extends ModelAdapter<ModelInput> {

  /** The Python files packaged as resources under this path. */
  static final String PYTHON_RESOURCES = "/io/modelrunner/example/seir/python/";

  private static final List<String> PYTHON_FILES = List.of("connector.py", "seir.py");

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
      String connector = env.get("SEIR_CONNECTOR");
      String store = env.get("SEIR_STORE_DIR");
      return new Settings(
          env.getOrDefault("SEIR_PYTHON", "python3"),
          connector == null || connector.isBlank()
              ? extractPackagedConnector()
              : Path.of(connector),
          Duration.ofSeconds(Long.parseLong(env.getOrDefault("SEIR_TIMEOUT_SECONDS", "600"))),
          store == null || store.isBlank() ? null : Path.of(store));
    }
  }

  private final Settings settings;
  private final ObjectMapper mapper = JsonMappers.standard();
  private final ProcessRunner processRunner = new ProcessRunner();

  public SeirAdapter(Settings settings) {
    super(ModelInput.class);
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public void initialize(ModelInput config) {
    // The SDK bound the body to the record (region and parameters are required there);
    // connector.py checks the rest against the input schema's rules and exits 2 when it fails.
    if (config.region().isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
  }

  // snippet:seir-run
  @Override
  public Object run(RunContext<ModelInput> context) throws Exception {
    Path work = context.workDir(); // made by the SDK; deleted with the run on /remove
    Path input = work.resolve("inputFile.json");
    mapper.writeValue(input.toFile(), inputJson(context.config()));
    Path output = work.resolve("output");
    Path log = work.resolve("connector.log");
    context.reportProgress("running the SEIR-H model");
    ProcessResult result =
        processRunner.run(
            new ProcessSpec(
                List.of(
                    settings.python(),
                    settings.connector().toString(),
                    "--input",
                    input.toString(),
                    "--output-dir",
                    output.toString(),
                    "--timeout",
                    String.valueOf(settings.deadline().toSeconds())),
                work,
                Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                // A little beyond the model's own deadline so that it can report its timeout.
                settings.deadline().plusSeconds(10),
                log));
    if (!result.succeeded()) {
      throw new IllegalStateException(
          "the SEIR connector exited " + result.exitCode() + ": " + lastLine(result));
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

  // end-snippet:seir-run

  @Override
  public String version() {
    String v = SeirAdapter.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  public static void main(String[] args) {
    AdapterServer server =
        AdapterServer.start(
            new SeirAdapter(Settings.fromEnvironment(System.getenv())),
            AdapterConfig.fromArgs(args, System.getenv(), "SEIR"));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "seir-adapter-shutdown"));
  }

  /** Copies the packaged {@code connector.py} and {@code seir.py} to a new temp dir. */
  static Path extractPackagedConnector() {
    try {
      Path dir = Files.createTempDirectory("seir-python-");
      dir.toFile().deleteOnExit();
      for (String name : PYTHON_FILES) {
        try (InputStream in = SeirAdapter.class.getResourceAsStream(PYTHON_RESOURCES + name)) {
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

  /** The connector's first {@code error:} line (it names the cause), else its last line. */
  private static String lastLine(ProcessResult result) throws IOException {
    List<String> lines = result.logTail(4000).strip().lines().toList();
    return lines.stream()
        .filter(l -> l.contains("error:"))
        .findFirst()
        .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1))
        .strip();
  }

  /**
   * The config as JSON, with integral numbers written as integers: the record holds counts and
   * percentages as doubles, and the connector echoes its input as {@code metadata}, so without this
   * {@code 1400} would come back as {@code 1400.0}.
   */
  private JsonNode inputJson(ModelInput config) {
    return integral(mapper.valueToTree(config));
  }

  private static JsonNode integral(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      o.fieldNames().forEachRemaining(k -> o.set(k, integral(o.get(k))));
      return o;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, integral(node.get(i)));
      }
      return node;
    }
    if (node.isFloatingPointNumber()) {
      double d = node.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return com.fasterxml.jackson.databind.node.LongNode.valueOf((long) d);
      }
    }
    return node;
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
