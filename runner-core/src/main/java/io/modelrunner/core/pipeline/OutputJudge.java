package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.pipeline.internal.CollectStep;
import io.modelrunner.core.pipeline.internal.CollectedOutput;
import io.modelrunner.core.pipeline.internal.FileNames;
import io.modelrunner.core.pipeline.internal.OutputEntry;
import io.modelrunner.core.pipeline.internal.StepFailure;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The runner's own verdict on a finished model's {@code output/} folder, exactly as a run collects
 * it (manifest, symbolic links, file names, {@code data.json} against the output schema), for tools
 * that judge a connector outside a run ({@code model-runner check connector}).
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class OutputJudge {
  private final CollectStep collect;

  /**
   * @param validator gives the built-in output schema the collect step is made with
   */
  public OutputJudge(SchemaValidator validator) {
    this.collect = new CollectStep(validator.schema(SchemaName.OUTPUT));
  }

  /**
   * The verdict.
   *
   * @param failure why the run would fail as {@code invalid-output}; empty when the output is valid
   * @param files the names (relative to {@code output/}) a run would collect
   * @param skipped the warnings a run would report (links, special files, names it cannot carry)
   * @param fromManifest whether {@code output/manifest.json} chose the files
   */
  public record Verdict(
      Optional<FailureReason> failure,
      List<String> files,
      List<String> skipped,
      boolean fromManifest) {
    public Verdict {
      Objects.requireNonNull(failure, "failure");
      files = List.copyOf(files);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Collects {@code workspace}'s output as a run would, checking {@code data.json} against {@code
   * outputSchema} (empty: it only has to be JSON).
   */
  public Verdict judge(Workspace workspace, Optional<JsonSchema> outputSchema) throws IOException {
    try {
      CollectedOutput out = collect.collect(workspace, outputSchema);
      return new Verdict(
          Optional.empty(),
          out.files().stream().map(OutputEntry::name).toList(),
          out.skipped(),
          out.fromManifest());
    } catch (StepFailure e) {
      return new Verdict(Optional.of(e.reason()), List.of(), List.of(), false);
    }
  }

  /**
   * Why a file named {@code name} (a {@code /}-separated path relative to {@code output/} or {@code
   * log/}) would be skipped by a run; empty when its name is fine.
   */
  public static Optional<String> nameProblem(String name) {
    return FileNames.problem(name);
  }
}
