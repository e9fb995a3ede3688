package io.modelrunner.app.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code runs.*}, {@code deadlines.*}, {@code watchdog.interval}, {@code shutdown.grace}, {@code
 * work.dir} and {@code export.threads}: how this node executes runs. {@code retention} is null when
 * runs are kept forever; {@code exportThreads} is resolved ({@code 0} becomes a quarter of the
 * processors, at least 1).
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
    Path workDir,
    int exportThreads) {

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
        work.isEmpty() ? defaultWorkDir : Path.of(work).toAbsolutePath().normalize(),
        exportThreads(v.integer("export.threads", 0, 1024)));
  }

  /** {@code 0}: a quarter of the processors, at least 1 (models come first on a runner host). */
  static int exportThreads(int configured) {
    return configured > 0
        ? configured
        : Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
  }
}
