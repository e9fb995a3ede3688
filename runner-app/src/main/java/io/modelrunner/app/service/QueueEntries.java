package io.modelrunner.app.service;

import java.util.Objects;

/** The queue entries of stored runs, under the task name their model's labels give. */
final class QueueEntries {
  private final RunQueue queue;
  private final ModelLabels labels;

  QueueEntries(RunQueue queue, ModelLabels labels) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  /** Queues {@code run}, due at its dispatch time; nothing when its entry exists. */
  void enqueue(StoredRun run) {
    queue.enqueue(run.runId(), labels.of(run), run.createdAt());
  }

  /** Removes {@code run}'s entry (a run ended while queued); harmless when gone. */
  void forget(StoredRun run) {
    queue.forget(run.runId(), labels.of(run));
  }
}
