package io.modelrunner.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.Artifact;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run as the database holds it.
 *
 * @param seq the run's place in the dispatch order (FIFO)
 * @param requestJson the whole run request, as received (for running it after a restart)
 * @param stage the last pipeline stage entered ({@code execute}, …), null before the first
 * @param claimEpoch incremented by every claim of the run ({@link RunStore.Claim})
 * @param identity what the engine pinned, null before {@code prepare}
 * @param runnerVersion the model-runner version of the node that recorded the identity; null before
 *     {@code prepare} and for runs prepared by versions that did not record it
 * @param reason the {@link io.modelrunner.core.pipeline.FailureReasonJson} shape of a failed run,
 *     else null
 */
public record StoredRun(
    String runId,
    long seq,
    String requestId,
    String modelSlug,
    String image,
    String requestSha256,
    String requestJson,
    String callbackUrl,
    RunState state,
    String stage,
    String nodeId,
    boolean cancelRequested,
    long claimEpoch,
    ModelIdentity identity,
    String runnerVersion,
    String executionId,
    String storePrefix,
    JsonNode reason,
    List<Artifact> artifacts,
    List<String> warnings,
    Instant createdAt,
    Instant startedAt,
    Instant stageEnteredAt,
    Instant finishedAt) {

  public StoredRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(state, "state");
    artifacts = List.copyOf(artifacts == null ? List.of() : artifacts);
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
  }

  /** The location of artifact {@code name}, or empty. */
  public String artifactLocation(String name) {
    return artifacts.stream()
        .filter(a -> a.name().equals(name))
        .map(Artifact::location)
        .findFirst()
        .orElse("");
  }
}
