package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.ModelRef;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * Runs a whole request: one independent {@link RunPipeline} job per model, at most {@code
 * parallelism} at a time. One model failing does not stop the others. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RequestRunner {
  private final RunPipeline pipeline;
  private final ModelsCatalog catalog;
  private final int parallelism;

  /**
   * @param parallelism how many models run at once (at least 1; 1 runs them one after another)
   */
  public RequestRunner(RunPipeline pipeline, ModelsCatalog catalog, int parallelism) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    this.parallelism = parallelism;
  }

  /**
   * The request's errors: the envelope's, then those of {@code configuration} against each
   * requested model's input schema ({@link RequestValidator}); empty when it is valid.
   */
  public List<ValidationError> validate(RunRequestDocument request) {
    return new RequestValidator(pipeline.settings().requestSchema())
        .check(request.document(), catalog);
  }

  /** The jobs of {@code request}, in the order of its {@code models}. */
  public List<RunJob> jobs(RunRequestDocument request, Cancellation cancellation) {
    List<RunJob> jobs = new ArrayList<>();
    for (ModelRef model : request.models()) {
      ResolvedModel resolved = catalog.resolve(model);
      jobs.add(RunJob.of(request, model, resolved, cancellation, null));
    }
    return jobs;
  }

  /**
   * Validates {@code request}, then runs every model and returns their results in the order of the
   * request's {@code models}.
   *
   * @throws InvalidRequestException when the request is invalid (nothing runs, no callback is sent)
   */
  public List<RunResult> run(
      RunRequestDocument request, Cancellation cancellation, ProgressListener progress)
      throws InterruptedException {
    return run(request, model -> true, cancellation, progress);
  }

  /**
   * Validates the whole {@code request}, then runs only its models that {@code which} accepts (one
   * job of a matrix of one job per model): the request, its storage key and its callbacks are the
   * whole request's.
   *
   * @throws InvalidRequestException when the request is invalid (nothing runs, no callback is sent)
   */
  public List<RunResult> run(
      RunRequestDocument request,
      Predicate<ModelRef> which,
      Cancellation cancellation,
      ProgressListener progress)
      throws InterruptedException {
    List<ValidationError> errors = validate(request);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    List<RunJob> jobs = new ArrayList<>();
    for (RunJob job : jobs(request, cancellation)) {
      if (which.test(job.model())) {
        jobs.add(job);
      }
    }
    if (parallelism == 1 || jobs.size() == 1) {
      List<RunResult> results = new ArrayList<>();
      for (RunJob job : jobs) {
        results.add(pipeline.run(job, progress));
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, jobs.size()));
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      for (RunJob job : jobs) {
        futures.add(pool.submit(() -> pipeline.run(job, progress)));
      }
      List<RunResult> results = new ArrayList<>();
      for (Future<RunResult> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException(
              "RunPipeline.run threw, which it never should", e.getCause());
        }
      }
      return results;
    } catch (InterruptedException e) {
      cancellation.cancel();
      throw e;
    } finally {
      pool.shutdown();
    }
  }
}
