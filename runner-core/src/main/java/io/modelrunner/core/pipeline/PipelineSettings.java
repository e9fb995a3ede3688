package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a {@link RunPipeline} needs besides its collaborators.
 *
 * @param workRoot the folder under which each job gets a fresh workspace folder
 * @param requestSchema the envelope run requests must match (built-in {@code request}); each job's
 *     {@code configuration} must then match its model's input schema ({@link RunJob#contract()})
 * @param inputSchema the input schema of a job that carries no contract (built-in {@code input})
 * @param outputSchema the runner-wide output schema: that of a job that carries no contract, and
 *     the default of the models catalog (built-in {@code output}, or another domain's)
 * @param keepOnFailure keep the workspace of a failed job on disk for debugging
 * @param runnerVersion reported in callbacks as {@code runnerVersion}
 * @param workflowRunId reported in callbacks as {@code workflowRunID} (the workflow run that
 *     executes this runner, e.g. a CI run id); null omits it
 * @param reuseStoredResults when the store already holds {@code public/data.json} and {@code
 *     public/export.zip} under the job's content-addressed key (same request, same image id), skip
 *     the run and answer {@code complete} with the stored locations (off by default)
 * @param exportThreads how many threads compress export zips, shared by all the pipeline's jobs
 *     (default {@link #defaultExportThreads()}); the zip's bytes do not depend on it
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record PipelineSettings(
    Path workRoot,
    JsonSchema requestSchema,
    JsonSchema inputSchema,
    JsonSchema outputSchema,
    boolean keepOnFailure,
    String runnerVersion,
    String workflowRunId,
    boolean reuseStoredResults,
    int exportThreads) {

  public PipelineSettings {
    Objects.requireNonNull(workRoot, "workRoot");
    Objects.requireNonNull(requestSchema, "requestSchema");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(outputSchema, "outputSchema");
    Objects.requireNonNull(runnerVersion, "runnerVersion");
    if (exportThreads < 1) {
      throw new IllegalArgumentException("exportThreads must be at least 1, not " + exportThreads);
    }
  }

  /** Two export threads, or one on a single-processor machine. */
  public static int defaultExportThreads() {
    return Math.min(2, Runtime.getRuntime().availableProcessors());
  }

  /** The built-in schemas, workspaces deleted in every case. */
  public static PipelineSettings defaults(
      Path workRoot, SchemaValidator validator, String runnerVersion) {
    return new PipelineSettings(
        workRoot,
        validator.schema(SchemaName.REQUEST),
        validator.schema(SchemaName.INPUT),
        validator.schema(SchemaName.OUTPUT),
        false,
        runnerVersion,
        null,
        false,
        defaultExportThreads());
  }

  public PipelineSettings withOutputSchema(JsonSchema schema) {
    return new PipelineSettings(
        workRoot,
        requestSchema,
        inputSchema,
        schema,
        keepOnFailure,
        runnerVersion,
        workflowRunId,
        reuseStoredResults,
        exportThreads);
  }

  public PipelineSettings withKeepOnFailure(boolean keep) {
    return new PipelineSettings(
        workRoot,
        requestSchema,
        inputSchema,
        outputSchema,
        keep,
        runnerVersion,
        workflowRunId,
        reuseStoredResults,
        exportThreads);
  }

  public PipelineSettings withWorkflowRunId(String id) {
    return new PipelineSettings(
        workRoot,
        requestSchema,
        inputSchema,
        outputSchema,
        keepOnFailure,
        runnerVersion,
        id,
        reuseStoredResults,
        exportThreads);
  }

  public PipelineSettings withReuseStoredResults(boolean reuse) {
    return new PipelineSettings(
        workRoot,
        requestSchema,
        inputSchema,
        outputSchema,
        keepOnFailure,
        runnerVersion,
        workflowRunId,
        reuse,
        exportThreads);
  }

  public PipelineSettings withExportThreads(int threads) {
    return new PipelineSettings(
        workRoot,
        requestSchema,
        inputSchema,
        outputSchema,
        keepOnFailure,
        runnerVersion,
        workflowRunId,
        reuseStoredResults,
        threads);
  }
}
