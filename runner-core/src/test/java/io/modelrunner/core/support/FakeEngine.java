package io.modelrunner.core.support;

import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written engine for pipeline unit tests: "runs" a model by calling {@link Behaviour} on the
 * workspace in the caller's thread, so a test decides exactly what the model does or which call
 * throws.
 */
public final class FakeEngine implements ModelEngine {
  /** What the fake model does when started; returning null makes {@code await()} be interrupted. */
  @FunctionalInterface
  public interface Behaviour {
    ExecutionOutcome run(ExecutionRequest request) throws Exception;
  }

  public final AtomicInteger prepared = new AtomicInteger();
  public final AtomicInteger started = new AtomicInteger();
  private final Behaviour behaviour;
  private final RuntimeException prepareFailure;

  public FakeEngine(Behaviour behaviour) {
    this(behaviour, null);
  }

  public FakeEngine(Behaviour behaviour, RuntimeException prepareFailure) {
    this.behaviour = behaviour;
    this.prepareFailure = prepareFailure;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    prepared.incrementAndGet();
    if (prepareFailure != null) {
      throw prepareFailure;
    }
    return new ModelIdentity(
        "fake", launch.slug(), "sha256:fake-" + launch.slug(), "local/x@sha256:abc", "1.2.3");
  }

  @Override
  public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    started.incrementAndGet();
    ExecutionOutcome outcome;
    try {
      outcome = behaviour.run(request);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new ModelExecution() {
      @Override
      public String id() {
        return "fake-1";
      }

      @Override
      public ExecutionOutcome await() throws InterruptedException {
        if (outcome == null) {
          throw new InterruptedException("simulated interrupt while waiting for the model");
        }
        return outcome;
      }

      @Override
      public Optional<ExecutionOutcome> await(Duration timeout) {
        return Optional.of(outcome);
      }

      @Override
      public void cancel() {}
    };
  }

  public static ExecutionOutcome success() {
    return new ExecutionOutcome(ExecutionOutcome.Kind.SUCCEEDED, 0, Duration.ZERO, "", null);
  }
}
