package io.modelrunner.core.engine.fake;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * A scripted engine for tests and demos: nothing in the runner uses it. Each start (or reattach)
 * runs a {@link Behaviour} in the caller's thread, which does what the test's model does (writes
 * into the workspace, say) and ends the {@link FakeExecution} — or leaves it running until the test
 * ends or cancels it, its deadline passes ({@code TIMED_OUT}) or the engine closes ({@code
 * PLATFORM_ERROR}). It records what it was asked: the launches prepared, the requests started and
 * reattached, the executions, and one line per call in its {@linkplain #calls() journal} (which
 * several fakes may share, to see the order of calls across them).
 *
 * <pre>{@code
 * FakeEngine engine = FakeEngine.builder().behaviour(FakeEngine.runsUntilEnded()).build();
 * ModelExecution execution = engine.start(request, engine.prepare(request.launch()));
 * engine.executions().get(0).end(FakeEngine.succeeded());
 * }</pre>
 *
 * Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FakeEngine implements ModelEngine {
  /** Its default name, and the engine of its default identities. */
  public static final String NAME = "fake";

  /** What a fake model does when it is started or reattached. */
  @FunctionalInterface
  public interface Behaviour {
    /**
     * Runs in the thread that calls {@code start} (or {@code reattach}): does what the model does
     * and {@linkplain FakeExecution#end ends} the execution, or leaves it running. An exception
     * makes {@code start} throw it (a checked one wrapped in an {@link IllegalStateException}).
     */
    void run(ExecutionRequest request, FakeExecution execution) throws Exception;
  }

  private final String name;
  private final Behaviour behaviour;
  private final Behaviour reattachBehaviour;
  private final Function<ModelLaunch, ModelIdentity> identity;
  private final RuntimeException closeFailure;
  private final List<String> journal;
  private final List<ModelLaunch> prepared = Collections.synchronizedList(new ArrayList<>());
  private final List<ExecutionRequest> started = Collections.synchronizedList(new ArrayList<>());
  private final List<ExecutionRequest> reattached = Collections.synchronizedList(new ArrayList<>());
  private final List<FakeExecution> executions = Collections.synchronizedList(new ArrayList<>());
  private final Set<FakeExecution> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ids = new AtomicInteger();
  private final ScheduledThreadPoolExecutor deadlines;
  private volatile boolean closed;

  private FakeEngine(Builder builder) {
    this.name = builder.name;
    this.behaviour = builder.behaviour;
    this.reattachBehaviour = builder.reattachBehaviour;
    this.identity = builder.identity;
    this.closeFailure = builder.closeFailure;
    this.journal = builder.journal;
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "fake-engine-deadlines");
              t.setDaemon(true);
              return t;
            });
    deadlines.setRemoveOnCancelPolicy(true);
  }

  /** An engine whose every start runs {@code behaviour}. */
  public static FakeEngine of(Behaviour behaviour) {
    return builder().behaviour(behaviour).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A behaviour that ends the execution at once with {@link #succeeded()}. */
  public static Behaviour succeeds() {
    return endsWith(succeeded());
  }

  /** A behaviour that ends the execution at once with {@code outcome}. */
  public static Behaviour endsWith(ExecutionOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    return (request, execution) -> execution.end(outcome);
  }

  /** A behaviour that does nothing: the execution runs until ended, cancelled or timed out. */
  public static Behaviour runsUntilEnded() {
    return (request, execution) -> {};
  }

  /** SUCCEEDED with exit code 0. */
  public static ExecutionOutcome succeeded() {
    return new ExecutionOutcome(Kind.SUCCEEDED, 0, Duration.ZERO, "", List.of());
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The builder's identity of {@code launch}; by default engine {@link #name()}, reference the
   * image (else the command), id {@code sha256:fake-<slug>}.
   */
  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    record(name + " prepare " + reference(launch));
    prepared.add(launch);
    return identity.apply(launch);
  }

  /** Runs the behaviour on a new execution; its deadline is the request's. */
  @Override
  public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    record(name + " start " + identity.reference());
    started.add(request);
    if (closed) {
      throw new EngineException("the fake engine " + name + " is closed");
    }
    return run(behaviour, request);
  }

  /**
   * Runs the builder's reattach behaviour on a new execution, as if it had been found; empty
   * without one.
   */
  @Override
  public Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
    record(name + " reattach " + identity.reference());
    reattached.add(request);
    if (reattachBehaviour == null) {
      return Optional.empty();
    }
    return Optional.of(run(reattachBehaviour, request));
  }

  /**
   * Ends the executions still running with PLATFORM_ERROR, then throws the builder's close failure
   * if it has one.
   */
  @Override
  public void close() {
    record(name + " close");
    closed = true;
    for (FakeExecution execution : List.copyOf(running)) {
      execution.end(
          new ExecutionOutcome(
              Kind.PLATFORM_ERROR,
              null,
              execution.elapsed(),
              "the fake engine closed while the model ran",
              List.of()));
    }
    deadlines.shutdownNow();
    if (closeFailure != null) {
      throw closeFailure;
    }
  }

  /** The launches prepared, in order. */
  public List<ModelLaunch> prepared() {
    return List.copyOf(prepared);
  }

  /** The requests started, in order (also those whose behaviour threw). */
  public List<ExecutionRequest> started() {
    return List.copyOf(started);
  }

  /** The requests reattached, in order. */
  public List<ExecutionRequest> reattached() {
    return List.copyOf(reattached);
  }

  /** The executions started or reattached, in order. */
  public List<FakeExecution> executions() {
    return List.copyOf(executions);
  }

  /** The last execution started or reattached. */
  public FakeExecution lastExecution() {
    synchronized (executions) {
      if (executions.isEmpty()) {
        throw new IllegalStateException("the fake engine " + name + " has started nothing");
      }
      return executions.get(executions.size() - 1);
    }
  }

  /** The executions that have not ended. */
  public Set<FakeExecution> running() {
    return Set.copyOf(running);
  }

  /** Whether {@link #close()} was called. */
  public boolean closed() {
    return closed;
  }

  /**
   * One line per call, in order: {@code <name> prepare <image or command>}, {@code <name> start
   * <identity reference>}, {@code <name> reattach <identity reference>}, {@code <name> close}.
   */
  public List<String> calls() {
    synchronized (journal) {
      return List.copyOf(journal);
    }
  }

  private FakeExecution run(Behaviour what, ExecutionRequest request) {
    FakeExecution execution =
        new FakeExecution(name + "-" + ids.incrementAndGet(), request, running::remove);
    running.add(execution);
    executions.add(execution);
    Duration deadline = request.limits().deadline();
    try {
      deadlines.schedule(
          () -> execution.end(timedOut(execution, deadline)),
          deadline.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: close() ends it
    }
    try {
      what.run(request, execution);
    } catch (RuntimeException e) {
      running.remove(execution);
      throw e;
    } catch (Exception e) {
      running.remove(execution);
      throw new IllegalStateException(e);
    }
    return execution;
  }

  private static ExecutionOutcome timedOut(FakeExecution execution, Duration deadline) {
    return new ExecutionOutcome(
        Kind.TIMED_OUT,
        null,
        execution.elapsed(),
        "exceeded its deadline of " + deadline.toString().substring(2).toLowerCase(Locale.ROOT),
        List.of());
  }

  private void record(String call) {
    synchronized (journal) {
      journal.add(call);
    }
  }

  private static String reference(ModelLaunch launch) {
    return launch.image() != null ? launch.image() : String.join(" ", launch.command());
  }

  /** Builds a {@link FakeEngine}; every setting has a default. */
  public static final class Builder {
    private String name = NAME;
    private Behaviour behaviour = succeeds();
    private Behaviour reattachBehaviour;
    private Function<ModelLaunch, ModelIdentity> identity;
    private RuntimeException closeFailure;
    private List<String> journal = new ArrayList<>();

    private Builder() {}

    /** What {@link FakeEngine#name()} answers (default {@value FakeEngine#NAME}). */
    public Builder name(String value) {
      this.name = Objects.requireNonNull(value, "name");
      return this;
    }

    /** What every start runs (default {@link FakeEngine#succeeds()}). */
    public Builder behaviour(Behaviour value) {
      this.behaviour = Objects.requireNonNull(value, "behaviour");
      return this;
    }

    /** What a reattach runs; without one (the default) reattach finds nothing. */
    public Builder reattachWith(Behaviour value) {
      this.reattachBehaviour = Objects.requireNonNull(value, "reattach behaviour");
      return this;
    }

    /** What prepare returns for a launch (it may throw, e.g. an {@link EngineException}). */
    public Builder identity(Function<ModelLaunch, ModelIdentity> value) {
      this.identity = Objects.requireNonNull(value, "identity");
      return this;
    }

    /** Makes every prepare throw {@code failure}. */
    public Builder prepareFails(RuntimeException failure) {
      Objects.requireNonNull(failure, "failure");
      return identity(
          launch -> {
            throw failure;
          });
    }

    /** Makes close throw {@code failure} (after ending what runs). */
    public Builder closeFails(RuntimeException failure) {
      this.closeFailure = Objects.requireNonNull(failure, "failure");
      return this;
    }

    /** Records the calls in {@code shared} (synchronised on it), e.g. one list for two fakes. */
    public Builder journal(List<String> shared) {
      this.journal = Objects.requireNonNull(shared, "journal");
      return this;
    }

    public FakeEngine build() {
      if (identity == null) {
        String engine = name;
        identity =
            launch ->
                new ModelIdentity(
                    engine, reference(launch), "sha256:fake-" + launch.slug(), null, null);
      }
      return new FakeEngine(this);
    }
  }
}
