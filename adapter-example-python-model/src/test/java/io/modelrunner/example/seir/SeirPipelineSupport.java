package io.modelrunner.example.seir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
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

/** Runs {@code examples/request.json} with {@code examples/models.json} through runner-core. */
final class SeirPipelineSupport {
  static final ObjectMapper MAPPER = JsonMappers.standard();

  private SeirPipelineSupport() {}

  static Path examplesDir() {
    return Path.of(System.getProperty("examples.dir", "../examples")).toAbsolutePath();
  }

  /** The example request through the real pipeline on {@code engine}; the one model's result. */
  static RunResult runExample(ModelEngine engine, Path dir) throws Exception {
    var settings =
        PipelineSettings.defaults(dir.resolve("work"), new SchemaValidator(), "example-it");
    var callbacks =
        new CallbackClient(
            new CallbackSettings(
                Duration.ofSeconds(5), 1, Duration.ofMillis(10), Duration.ofMillis(50), null));
    var runner =
        new RequestRunner(
            new RunPipeline(
                engine, new FileSystemResultStore(dir.resolve("store")), callbacks, settings),
            ModelsCatalog.load(examplesDir().resolve("models.json")),
            1);
    JsonNode json = MAPPER.readTree(examplesDir().resolve("request.json").toFile());
    List<RunResult> results =
        runner.run(RunRequestDocument.of(json), Cancellation.none(), ProgressListener.NONE);
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  /** Complete, data.json valid against the output schema, the export holds input and output. */
  static void assertCompleteAndValid(RunResult result) throws Exception {
    assertThat(result.status()).as(String.valueOf(result.reason())).hasToString("COMPLETE");
    Path data = Path.of(URI.create(result.resultsLocation()));
    JsonNode output = MAPPER.readTree(data.toFile());
    assertThat(new SchemaValidator(MAPPER).schema(SchemaName.OUTPUT).validate(output)).isEmpty();
    assertThat(output.path("metadata").path("subregion").asText()).isEqualTo("US-NY");
    try (ZipFile zip = new ZipFile(Path.of(URI.create(result.exportLocation())).toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName).toList())
          .contains("input/inputFile.json", "output/data.json");
    }
  }
}
