package io.modelrunner.adapter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.RunCancelledException;
import io.modelrunner.adapter.RunContext;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * One tracked run. Its fields other than the machine and the volatile ones are guarded by the
 * owning {@link RunCoordinator}'s lock.
 */
final class ModelRun<C> implements RunContext<C> {
  final String id;
  final RunStateMachine machine;
  final CountDownLatch finished = new CountDownLatch(1);
  volatile long lastAccessNanos;
  volatile String progress;
  volatile boolean cancelled;
  String reason;
  JsonNode result;
  C config;
  boolean initializing;
  boolean submitted;
  Thread worker;
  volatile Path workDir;

  ModelRun(String id, RunStateMachine.Listener listener, long nowNanos) {
    this.id = id;
    this.machine = new RunStateMachine(id, listener);
    this.lastAccessNanos = nowNanos;
  }

  @Override
  public String modelRunId() {
    return id;
  }

  @Override
  public C config() {
    return config;
  }

  @Override
  public Path workDir() {
    Path dir = workDir;
    if (dir == null) {
      throw new IllegalStateException("the work directory exists only while the model runs");
    }
    return dir;
  }

  @Override
  public void reportProgress(String progress) {
    if (cancelled) {
      throw new RunCancelledException(id);
    }
    this.progress = progress;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }
}
