package io.modelrunner.conformance.connector;

import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One finished run of the connector.
 *
 * @param label what the run was for, e.g. {@code valid input}
 * @param sent what was run: the image or command and an excerpt of the input
 * @param workspace its folders, left for the judging
 * @param scratch per-run folders outside the workspace ({@code HOME} and {@code TMPDIR} of a
 *     process model) that must stay empty
 * @param outcome how the engine says it ended
 */
record RunRecord(
    String label, String sent, Workspace workspace, List<Path> scratch, ExecutionOutcome outcome) {
  private static final int LOG_LINES = 20;

  RunRecord {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(sent, "sent");
    Objects.requireNonNull(workspace, "workspace");
    scratch = List.copyOf(scratch);
    Objects.requireNonNull(outcome, "outcome");
  }

  boolean succeeded() {
    return outcome.succeeded();
  }

  /** Exit code, how it ended, and the last lines of its log. */
  String received() {
    StringBuilder text = new StringBuilder();
    text.append(outcome.kind());
    if (outcome.exitCode() != null) {
      text.append(" exit ").append(outcome.exitCode());
    }
    if (!outcome.detail().isEmpty()) {
      text.append(" (").append(outcome.detail()).append(")");
    }
    String tail = logTail();
    text.append(tail.isEmpty() ? "; log empty" : "; log: " + tail);
    return text.toString();
  }

  /** The last lines of {@code log/container.log}, joined with {@code ⏎}. */
  String logTail() {
    Path log = workspace.containerLog();
    try {
      if (!Files.isRegularFile(log)) {
        return "";
      }
      List<String> lines =
          new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join(" ⏎ ", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** Whether it wrote anything to {@code log/} (its container log, or a file of its own). */
  boolean wroteALog() {
    try (Stream<Path> files = Files.walk(workspace.log())) {
      return files.filter(Files::isRegularFile).anyMatch(f -> f.toFile().length() > 0);
    } catch (IOException e) {
      return false;
    }
  }
}
