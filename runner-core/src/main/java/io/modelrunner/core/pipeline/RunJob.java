package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.ModelRef;
import io.modelrunner.core.catalog.ModelContract;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.internal.Hashing;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * One (request, model) job.
 *
 * @param request the whole run request, as received
 * @param model the model of {@code request.models()} this job runs
 * @param launch how to run it (from the models catalog, or the request's {@code imageURL})
 * @param limits its sandbox and deadline
 * @param cancellation cancels the job (shared by the jobs of one request)
 * @param runId the run id the job runs under (its workspace folder's name and its container's
 *     {@code io.modelrunner.run-id} label), assigned by the caller — for example a service that
 *     records it before the job starts, so that it can find the job's container and workspace after
 *     a crash (see {@link RunPipeline#resume}); null lets {@link RunPipeline#run} make a new one
 *     with {@link #newRunId}. When given, it must be 1 to 128 characters of {@code [A-Za-z0-9_.-]}
 *     starting with a letter or digit (it names a folder).
 * @param contract the schemas the model's {@code configuration} and {@code data.json} must match
 *     ({@link ResolvedModel#contract()}); null: the pipeline's defaults ({@link
 *     RunPipeline#contractOf})
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record RunJob(
    RunRequestDocument request,
    ModelRef model,
    ModelLaunch launch,
    ExecutionLimits limits,
    Cancellation cancellation,
    String runId,
    ModelContract contract) {

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final int MAX_READABLE = 80;

  public RunJob {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(launch, "launch");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(cancellation, "cancellation");
    if (runId != null && !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "a run id must be 1 to 128 characters of [A-Za-z0-9_.-] starting with a letter or digit: "
              + runId);
    }
  }

  /** A job with the pipeline's default contract. */
  public RunJob(
      RunRequestDocument request,
      ModelRef model,
      ModelLaunch launch,
      ExecutionLimits limits,
      Cancellation cancellation,
      String runId) {
    this(request, model, launch, limits, cancellation, runId, null);
  }

  /** The job of {@code resolved}, under run id {@code runId} (null: a new one per run). */
  public static RunJob of(
      RunRequestDocument request,
      ModelRef model,
      ResolvedModel resolved,
      Cancellation cancellation,
      String runId) {
    return new RunJob(
        request,
        model,
        resolved.launch(),
        resolved.limits(),
        cancellation,
        runId,
        resolved.contract());
  }

  /** A job without a run id: {@link RunPipeline#run} makes one with {@link #newRunId}. */
  public RunJob(
      RunRequestDocument request,
      ModelRef model,
      ModelLaunch launch,
      ExecutionLimits limits,
      Cancellation cancellation) {
    this(request, model, launch, limits, cancellation, null, null);
  }

  /**
   * A new, unique run id for the job of model {@code modelSlug} in request {@code requestId}:
   * {@code mr-<readable>-<12 hex digits>}, where {@code <readable>} is {@code
   * <requestId>-<modelSlug>} with every character outside {@code [A-Za-z0-9_.-]} replaced by {@code
   * _}, cut to 80 characters, and the hex digits are random. Valid as a {@link #runId()}.
   */
  public static String newRunId(String requestId, String modelSlug) {
    String readable = (requestId + "-" + modelSlug).replaceAll("[^A-Za-z0-9_.-]", "_");
    if (readable.length() > MAX_READABLE) {
      readable = readable.substring(0, MAX_READABLE);
    }
    String unique = Hashing.sha256Hex(UUID.randomUUID().toString()).substring(0, 12);
    return "mr-" + readable + "-" + unique;
  }

  /** This job under run id {@code value} (null: a new one per run). */
  public RunJob withRunId(String value) {
    return new RunJob(request, model, launch, limits, cancellation, value, contract);
  }
}
