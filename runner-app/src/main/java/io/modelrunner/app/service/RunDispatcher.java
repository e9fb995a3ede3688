package io.modelrunner.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.pipeline.RunJob;
import io.modelrunner.core.pipeline.RunRequestDocument;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Accepts dispatches: checks a run request against the {@link DispatchRules}, then stores one
 * QUEUED run per model with its queue entry, all in one transaction ({@link RunStore#dispatch}). A
 * repeated dispatch (same request id and model slugs, same canonical body) creates nothing and
 * answers the existing runs; the same ids with another body conflict. Thread-safe.
 */
final class RunDispatcher {
  private final DispatchRules rules;
  private final RunStore store;
  private final ModelLabels labels;
  private final Clock clock;
  private final int queueLimit;
  private final Runnable wakeQueue;
  private final ObjectMapper mapper = JsonMappers.standard();
  private final ObjectMapper canonical = JsonMappers.canonical();

  /**
   * @param wakeQueue makes the queue look for due runs now (called after new runs were stored)
   */
  RunDispatcher(
      DispatchRules rules,
      RunStore store,
      ModelLabels labels,
      Clock clock,
      int queueLimit,
      Runnable wakeQueue) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.store = Objects.requireNonNull(store, "store");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queueLimit = queueLimit;
    this.wakeQueue = Objects.requireNonNull(wakeQueue, "wakeQueue");
  }

  /**
   * Validates and stores the runs of {@code document}.
   *
   * @throws DispatchRefusedException when the request is invalid, conflicts with an earlier one, or
   *     the queue is full; nothing is stored then
   */
  Dispatch submit(JsonNode document) {
    List<ValidationError> errors = rules.check(document);
    if (!errors.isEmpty()) {
      throw new DispatchRefusedException(
          DispatchRefusedException.Kind.INVALID,
          "the run request is invalid: "
              + errors.get(0)
              + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
          errors);
    }
    RunRequestDocument request = RunRequestDocument.of(document);
    String json = write(document);
    String sha = Hashing.hex(Hashing.sha256().digest(canonicalBytes(document)));
    Instant now = clock.instant();
    List<RunStore.Dispatched> runs = new ArrayList<>();
    for (ModelRef model : request.models()) {
      NewRun run =
          new NewRun(
              RunJob.newRunId(request.id(), model.slug()),
              request.id(),
              model.slug(),
              model.imageURL(),
              sha,
              json,
              request.callbackURL(),
              now);
      runs.add(new RunStore.Dispatched(run, RunQueue.taskName(labels.of(model))));
    }
    RunStore.DispatchOutcome outcome = store.dispatch(runs, queueLimit);
    if (outcome instanceof RunStore.DispatchOutcome.Conflicting c) {
      throw conflict(request.id(), c.earlier().modelSlug(), c.earlier().runId());
    }
    if (outcome instanceof RunStore.DispatchOutcome.QueueFull full) {
      throw new DispatchRefusedException(
          DispatchRefusedException.Kind.QUEUE_FULL,
          "the queue holds "
              + full.queued()
              + " runs, its limit is "
              + full.limit()
              + " (runs.queue-limit)",
          List.of());
    }
    List<Dispatch.Entry> entries = new ArrayList<>();
    boolean created = false;
    for (RunStore.Insert insert : ((RunStore.DispatchOutcome.Accepted) outcome).runs()) {
      StoredRun run = insert.run();
      entries.add(new Dispatch.Entry(run.runId(), run.modelSlug(), run.state(), insert.created()));
      created |= insert.created();
    }
    if (created) {
      wakeQueue.run();
    }
    return new Dispatch(request.id(), entries);
  }

  private static DispatchRefusedException conflict(String requestId, String slug, String runId) {
    return new DispatchRefusedException(
        DispatchRefusedException.Kind.CONFLICT,
        "request "
            + requestId
            + " with model "
            + slug
            + " was dispatched before with a different body (run "
            + runId
            + "); use a new request id to run it again",
        List.of(new ValidationError("/id", "was used before for a different request")));
  }

  private String write(JsonNode document) {
    try {
      return mapper.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request", e);
    }
  }

  private byte[] canonicalBytes(JsonNode document) {
    try {
      return canonical.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request", e);
    }
  }
}
