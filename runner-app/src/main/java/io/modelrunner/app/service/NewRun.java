package io.modelrunner.app.service;

import java.time.Instant;
import java.util.Objects;

/** A run to be persisted at dispatch. */
public record NewRun(
    String runId,
    String requestId,
    String modelSlug,
    String image,
    String requestSha256,
    String requestJson,
    String callbackUrl,
    Instant createdAt) {
  public NewRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(modelSlug, "modelSlug");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(requestSha256, "requestSha256");
    Objects.requireNonNull(requestJson, "requestJson");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
