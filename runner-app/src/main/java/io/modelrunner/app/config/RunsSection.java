package io.modelrunner.app.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code runs.*}, {@code deadlines.*}, {@code watchdog.interval}, {@code shutdown.grace} and {@code
 * work.dir}: how this node executes runs. {@code retention} is null when runs are kept forever.
 */
public record RunsSection(
    int maxConcurrent,
    int queueLimit,
    boolean keepOnFailure,
    boolean reuseStoredResults,
    int logTailMaxLines,
    Duration retention,
    Deadlines deadlines,
    Duration watchdogInterval,
    Duration shutdownGrace,
    Path workDir) {

  /**
   * @param defaultWorkDir the work directory when {@code work.dir} is empty
   */
  static RunsSection parse(ConfigValues v, Path defaultWorkDir) {
    String work = v.text("work.dir");
    return new RunsSection(
        v.integer("runs.max-concurrent", 1, 1024),
        v.integer("runs.queue-limit", 1, 10_000_000),
        v.bool("runs.keep-on-failure"),
        v.bool("runs.reuse-stored-results"),
        v.integer("runs.log-tail-max-lines", 1, 100_000),
        v.optionalDuration("runs.retention"),
        Deadlines.parse(v),
        v.duration("watchdog.interval"),
        v.duration("shutdown.grace"),
        work.isEmpty() ? defaultWorkDir : Path.of(work).toAbsolutePath().normalize());
  }
}
