package io.modelrunner.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelrunner.app.service.RunService;
import io.modelrunner.app.service.RunState;
import io.modelrunner.core.pipeline.Stage;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics: {@code model_runner_runs{state}} (runs by state, refreshed by
 * the watchdog), {@code model_runner_queue_depth}, {@code model_runner_active_runs}, {@code
 * model_runner_stage_duration_seconds{stage}}, {@code model_runner_runs_finished_total{state,
 * reason}} and {@code model_runner_callback_failures_total{event}}, plus the JVM's.
 */
public final class ServiceMetrics implements RunService.Observer {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public ServiceMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Registers the gauges that read the service's state. */
  public void watch(RunService runs, Supplier<Integer> registryEntries) {
    for (RunState state : RunState.values()) {
      Gauge.builder("model_runner_runs", runs, r -> r.counts().getOrDefault(state, 0L))
          .description("Runs by state")
          .tag("state", state.name())
          .register(registry);
    }
    Gauge.builder(
            "model_runner_queue_depth", runs, r -> r.counts().getOrDefault(RunState.QUEUED, 0L))
        .description("Runs waiting in the queue")
        .register(registry);
    Gauge.builder("model_runner_active_runs", runs, RunService::activeCount)
        .description("Runs executing on this node")
        .register(registry);
    Gauge.builder("model_runner_callbacks_pending", runs, RunService::pendingCallbacks)
        .description("Callback events in the outbox waiting for delivery")
        .register(registry);
    Gauge.builder("model_runner_registry_entries", registryEntries, s -> s.get())
        .description("Adapters in the model registry")
        .register(registry);
  }

  @Override
  public void stageFinished(Stage stage, Duration elapsed) {
    Timer.builder("model_runner_stage_duration")
        .description("Time runs spent in each pipeline stage")
        .tag("stage", stage.wireName())
        .publishPercentileHistogram(false)
        .register(registry)
        .record(elapsed);
  }

  @Override
  public void runFinished(RunState state, String reasonKind) {
    Counter.builder("model_runner_runs_finished")
        .description("Runs that ended, by final state and failure reason")
        .tag("state", state.name())
        .tag("reason", reasonKind == null ? "" : reasonKind)
        .register(registry)
        .increment();
  }

  @Override
  public void callbackFailed(String event) {
    Counter.builder("model_runner_callback_failures")
        .description("Callbacks given up: not delivered within the retry period, or refused")
        .tag("event", event)
        .register(registry)
        .increment();
  }
}
