package io.modelrunner.example.energy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Runs {@code examples/energy-request.json} with {@code examples/models.json} through runner-core:
 * the catalog's {@code energy} entry names the model's own input and output schemas, so the
 * configuration and {@code data.json} are checked against those, with the default settings.
 */
final class EnergyPipelineSupport {

  private EnergyPipelineSupport() {}

  /** The example request through the real pipeline on {@code engine}; the one model's result. */
  static RunResult runExample(ModelEngine engine, Path dir) throws Exception {
    return run(engine, dir, EnergyOutputs.exampleRequest());
  }

  /** {@code request} through the real pipeline on {@code engine}; the one model's result. */
  static RunResult run(ModelEngine engine, Path dir, JsonNode request) throws Exception {
    // Default settings: the catalog's energy entry declares the model's input and output schemas.
    var settings =
        PipelineSettings.defaults(dir.resolve("work"), new SchemaValidator(), "energy-example-it");
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
