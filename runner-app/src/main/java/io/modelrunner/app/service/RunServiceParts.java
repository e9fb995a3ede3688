package io.modelrunner.app.service;

import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.pipeline.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The parts of a {@link RunService}, wired together by {@link #wire}. */
record RunServiceParts(
    CallbackOutbox outbox,
    RunQueue queue,
    ActiveRuns active,
    RunDispatcher dispatcher,
    RunCanceller canceller,
    RunQueries queries,
    RunCounts counts,
    RestartRecovery restart,
    Watchdog watchdog,
    NodeHeartbeat heartbeat) {

  /** Wires the parts of one node's service on its collaborators (see {@link RunService}). */
  static RunServiceParts wire(
      RunStore store,
      OutboxStore outboxStore,
      CallbackOutbox outbox,
      RunPipeline pipeline,
      ModelsCatalog catalog,
      JsonSchema requestSchema,
      RunSettings settings,
      Clock clock,
      RunService.Observer observer,
      RunService.Recovery recovery,
      NodeStore nodes,
      RunService.QueueFactory queues,
      Ticker ticker) {
    Objects.requireNonNull(outbox, "outbox");
    String nodeId = settings.nodeId();
    ActiveRuns active = new ActiveRuns(ticker);
    ModelLabels labels = new ModelLabels(catalog);
    RunRecorder.Context recorders =
        new RunRecorder.Context(
            store,
            settings.runnerVersion(),
            outbox,
            clock,
            observer,
            settings.startCallbackAttempts(),
            () -> settings.deadlines().of(Stage.START_CALLBACK, Duration.ZERO),
            active::abandoned);
    RunExecutor executor =
        new RunExecutor(store, outbox, pipeline, catalog, clock, observer, active, recorders);
    RunPicker picker =
        new RunPicker(store, catalog, active, executor, clock, nodeId, settings.nodeLease());
    RunQueue queue = queues.create(picker::onPicked);
    QueueEntries entries = new QueueEntries(queue, labels);
    QueuedRunEnder ender = new QueuedRunEnder(store, active, executor, entries, clock, nodeId);
    DispatchRules rules =
        new DispatchRules(
            Objects.requireNonNull(requestSchema, "requestSchema"),
            catalog,
            settings.allowedImagePrefixes(),
            settings.allowedCallbackHosts());
    // a node whose slots are all busy cannot pick now: it picks when a run ends, and needs no poll
    // of the queue per dispatch (a query that grows with the queue)
    Runnable wake =
        () -> {
          if (active.size() < settings.maxConcurrent()) {
            queue.wake();
          }
        };
    RunDispatcher dispatcher =
        new RunDispatcher(rules, store, labels, clock, settings.queueLimit(), wake);
    RunCanceller canceller = new RunCanceller(store, active, ender);
    RunQueries queries = new StoreRunQueries(store, outboxStore, nodes, active);
    RunCounts counts = new RunCounts(store, outboxStore);
    OrphanReaper reaper = new OrphanReaper(store, active, recovery, nodeId);
    RestartRecovery restart = new RestartRecovery(store, queue, entries, reaper, nodeId);
    List<WatchdogTask> tasks = new ArrayList<>();
    tasks.add(new StageDeadlines(active, settings.deadlines(), ticker));
    tasks.add(new RemoteCancels(store, active, nodeId));
    tasks.add(new ClaimCheck(store, active, nodeId));
    tasks.add(
        new OrphanRequeue(store, active, entries, clock, nodeId, settings.watchdogInterval()));
    tasks.add(reaper);
    if (settings.retention() != null) {
      tasks.add(new RetentionPurge(store, clock, settings.retention()));
    }
    tasks.add(new QueueDeadline(store, ender, clock, settings.deadlines().queued()));
    tasks.add(counts);
    Watchdog watchdog = new Watchdog(ticker, settings.watchdogInterval(), tasks);
    NodeHeartbeat.Identity identity =
        new NodeHeartbeat.Identity(
            nodeId,
            settings.nodeLabels(),
            settings.maxConcurrent(),
            settings.runnerVersion(),
            settings.nodeAddress());
    NodeHeartbeat heartbeat =
        new NodeHeartbeat(nodes, identity, active, clock, ticker, settings.nodeHeartbeat());
    return new RunServiceParts(
        outbox,
        queue,
        active,
        dispatcher,
        canceller,
        queries,
        counts,
        restart,
        watchdog,
        heartbeat);
  }
}
