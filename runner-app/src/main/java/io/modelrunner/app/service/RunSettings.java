package io.modelrunner.app.service;

import io.modelrunner.app.config.Deadlines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the {@link RunService} needs besides its collaborators. Ended runs older than {@code
 * retention} are deleted from the database; a null {@code retention} keeps them forever.
 *
 * @param nodeLease how long a node may be silent before another takes its runs over
 * @param startCallbackAttempts attempts of the start callback that a run waits for
 */
public record RunSettings(
    String nodeId,
    int maxConcurrent,
    int queueLimit,
    Deadlines deadlines,
    Duration watchdogInterval,
    List<String> allowedImagePrefixes,
    Set<String> allowedCallbackHosts,
    String runnerVersion,
    Set<String> nodeLabels,
    String nodeAddress,
    Duration nodeHeartbeat,
    Duration nodeLease,
    Duration retention,
    int startCallbackAttempts,
    Path workRoot) {
  public RunSettings {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(deadlines, "deadlines");
    allowedImagePrefixes = List.copyOf(allowedImagePrefixes);
    allowedCallbackHosts = Set.copyOf(allowedCallbackHosts);
    nodeLabels = Set.copyOf(nodeLabels);
    Objects.requireNonNull(nodeHeartbeat, "nodeHeartbeat");
    Objects.requireNonNull(nodeLease, "nodeLease");
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("retention must be positive (or null): " + retention);
    }
    if (startCallbackAttempts < 1) {
      throw new IllegalArgumentException("startCallbackAttempts must be at least 1");
    }
  }
}
