package io.modelrunner.example.energy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.pipeline.Cancellation;
import io.modelrunner.core.pipeline.PipelineSettings;
import io.modelrunner.core.pipeline.ProgressListener;
import io.modelrunner.core.pipeline.RequestRunner;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.pipeline.RunRequestDocument;
import io.modelrunner.core.pipeline.RunResult;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Runs {@code examples/energy-request.json} with {@code examples/models.json} through runner-core,
 * its output validated against the energy output schema.
 */
final class EnergyPipelineSupport {

  private EnergyPipelineSupport() {}

  /** The example request through the real pipeline on {@code engine}; the one model's result. */
  static RunResult runExample(ModelEngine engine, Path dir) throws Exception {
    return run(engine, dir, EnergyOutputs.exampleRequest());
  }

  /** {@code request} through the real pipeline on {@code engine}; the one model's result. */
  static RunResult run(ModelEngine engine, Path dir, JsonNode request) throws Exception {
    SchemaValidator validator = new SchemaValidator(EnergyOutputs.MAPPER);
    var settings =
        new PipelineSettings(
            dir.resolve("work"),
            validator.load(requestSchema(dir)),
            validator.load(EnergyOutputs.moduleDir().resolve("schemas/output.schema.json")),
            false,
            "energy-example-it",
            null,
            false);
    var callbacks =
        new CallbackClient(
            new CallbackSettings(
                Duration.ofSeconds(5), 1, Duration.ofMillis(10), Duration.ofMillis(50), null));
    var runner =
        new RequestRunner(
            new RunPipeline(
                engine, new FileSystemResultStore(dir.resolve("store")), callbacks, settings),
            ModelsCatalog.load(EnergyOutputs.examplesDir().resolve("models.json")),
            1);
    List<RunResult> results =
        runner.run(RunRequestDocument.of(request), Cancellation.none(), ProgressListener.NONE);
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  /**
   * The run request's envelope with the energy input schema as its {@code configuration}: the
   * built-in runner schema requires the epidemic configuration, and the catalog of this branch
   * cannot yet name a model's input schema.
   */
  private static Path requestSchema(Path dir) throws Exception {
    ObjectNode schema = EnergyOutputs.MAPPER.createObjectNode();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("type", "object");
    ObjectNode props = schema.putObject("properties");
    props.putObject("id").putArray("type").add("string").add("number");
    props.putObject("models").put("type", "array");
    props
        .putObject("configuration")
        .put(
            "$ref",
            EnergyOutputs.moduleDir().resolve("schemas/input.schema.json").toUri().toString());
    props.putObject("callbackURL").putArray("type").add("string").add("null");
    schema.putArray("required").add("id").add("models").add("configuration").add("callbackURL");
    schema.put("additionalProperties", false);
    Path file = dir.resolve("energy-request.schema.json");
    EnergyOutputs.MAPPER.writeValue(file.toFile(), schema);
    return file;
  }

  /**
   * Complete, {@code data.json} valid and consistent, and the export holds the configuration
   * unchanged as {@code input/inputFile.json} and the connector's files.
   */
  static void assertCompleteAndValid(RunResult result) throws Exception {
    assertThat(result.status()).as(String.valueOf(result.reason())).hasToString("COMPLETE");
    JsonNode output =
        EnergyOutputs.MAPPER.readTree(Path.of(URI.create(result.resultsLocation())).toFile());
    EnergyOutputs.assertExampleOutput(output);
    try (ZipFile zip = new ZipFile(Path.of(URI.create(result.exportLocation())).toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName).toList())
          .contains(
              "input/inputFile.json",
              "output/data.json",
              "output/dispatch.csv",
              "output/manifest.json");
      JsonNode input =
          EnergyOutputs.MAPPER.readTree(zip.getInputStream(zip.getEntry("input/inputFile.json")));
      assertThat(input).isEqualTo(EnergyOutputs.exampleConfiguration());
    }
  }
}
