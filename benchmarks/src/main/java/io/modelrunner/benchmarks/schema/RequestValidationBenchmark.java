package io.modelrunner.benchmarks.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.catalog.CatalogSchemas;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.pipeline.RequestValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Part 5, requests (issue 15): validating a parsed run request, the path before issue 15 against
 * the one after it, warm.
 *
 * <ul>
 *   <li>{@link #oldRunnerSchema}: before — the epidemic request ({@code examples/request.json})
 *       against the built-in {@code runner} schema, envelope and epidemic configuration in one
 *       document, one walk.
 *   <li>{@link #newBuiltInInput}: after — the same request through {@link
 *       RequestValidator#check(JsonNode, ModelsCatalog)} with an empty catalog: the envelope
 *       against the built-in {@code request} schema, then {@code configuration} against the model's
 *       input schema (an image model's default: the built-in {@code input} schema). Two walks, plus
 *       resolving each model in the catalog.
 *   <li>{@link #newCatalogSchema}: after, with a catalog whose model declares its own input schema
 *       (a small non-epidemic one, {@code schema/energy-input.schema.json}) and a matching request
 *       ({@code schema/energy-request.json}).
 *   <li>{@link #newEnvelopeOnly} and {@link #newConfigurationOnly}: the new path's two walks of the
 *       epidemic request alone (the {@code request} schema on the request, the {@code input} schema
 *       on its {@code configuration}); {@link #parseRequest}: parsing the request's bytes with the
 *       standard mapper, which both paths do first and which the other benchmarks leave out.
 * </ul>
 *
 * All share one {@link SchemaValidator}, as the runner does; every schema is compiled at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestValidationBenchmark {
  static final String ENERGY_SCHEMA = "schema/energy-input.schema.json";
  static final String ENERGY_REQUEST = "schema/energy-request.json";

  /**
   * The epidemic request's file ({@code examples/request.json}); relative to the working folder.
   */
  @Param("examples/request.json")
  public String requestFile;

  private byte[] epidemicBytes;
  private ObjectMapper mapper;
  private JsonNode epidemic;
  private JsonNode energy;
  private JsonSchema runner;
  private JsonSchema envelope;
  private JsonSchema input;
  private JsonNode configuration;
  private RequestValidator requests;
  private ModelsCatalog emptyCatalog;
  private ModelsCatalog energyCatalog;
  private Path folder;

  @Setup
  public void setUp() throws IOException {
    mapper = JsonMappers.standard();
    epidemicBytes = Files.readAllBytes(Path.of(requestFile));
    epidemic = mapper.readTree(epidemicBytes);
    energy = mapper.readTree(resource(ENERGY_REQUEST));
    SchemaValidator validator = new SchemaValidator(mapper);
    runner = validator.schema(SchemaName.RUNNER);
    requests = RequestValidator.builtIn(validator);
    envelope = requests.envelope();
    input = validator.schema(SchemaName.INPUT);
    configuration = epidemic.get("configuration");
    CatalogSchemas schemas = CatalogSchemas.builtIn(validator);
    emptyCatalog = ModelsCatalog.empty(schemas);
    folder = Files.createTempDirectory("request-validation-");
    Files.write(folder.resolve("energy-input.schema.json"), resource(ENERGY_SCHEMA));
    Path catalogFile = folder.resolve("models.json");
    Files.writeString(
        catalogFile,
        "{\"models\": {\"energy\": {\"image\": \"model-runner/energy-connector:1.0\","
            + " \"inputSchema\": \"./energy-input.schema.json\"}}}",
        StandardCharsets.UTF_8);
    energyCatalog = ModelsCatalog.load(catalogFile, ExecutionLimits.defaults(), schemas);
    requireValid("old path, epidemic request", oldRunnerSchema());
    requireValid("new path, epidemic request", newBuiltInInput());
    requireValid("new path, energy request", newCatalogSchema());
    requireValid("envelope, epidemic request", newEnvelopeOnly());
    requireValid("epidemic configuration", newConfigurationOnly());
    // the energy request is valid only against its own model's schema, not the built-in input
    if (requests.check(energy, emptyCatalog).isEmpty()) {
      throw new IllegalStateException("the energy request should not match the built-in input");
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    if (folder != null) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(folder);
    }
  }

  private static void requireValid(String what, List<ValidationError> errors) {
    if (!errors.isEmpty()) {
      throw new IllegalStateException(what + " is invalid: " + errors);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in =
        RequestValidationBenchmark.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public List<ValidationError> oldRunnerSchema() {
    return runner.validate(epidemic);
  }

  @Benchmark
  public List<ValidationError> newBuiltInInput() {
    return requests.check(epidemic, emptyCatalog);
  }

  @Benchmark
  public List<ValidationError> newCatalogSchema() {
    return requests.check(energy, energyCatalog);
  }

  @Benchmark
  public List<ValidationError> newEnvelopeOnly() {
    return envelope.validate(epidemic);
  }

  @Benchmark
  public List<ValidationError> newConfigurationOnly() {
    return input.validate(configuration);
  }

  @Benchmark
  public JsonNode parseRequest() throws IOException {
    return mapper.readTree(new ByteArrayInputStream(epidemicBytes));
  }
}
