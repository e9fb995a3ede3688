package io.modelrunner.app.bootstrap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the parts of the application in the order they were added and stops them in reverse. A
 * part that fails to start stops those started before it; a part that fails to stop does not keep
 * the others from stopping.
 */
public final class Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private record Part(String name, Managed managed) {}

  private final List<Part> pending = new ArrayList<>();
  private final Deque<Part> started = new ArrayDeque<>();

  /** Adds {@code managed}, to be started by the next {@link #start()}. */
  public synchronized void add(String name, Managed managed) {
    pending.add(new Part(name, managed));
  }

  /**
   * Adds {@code resource}, which its constructor already started, as a started part that stopping
   * closes, and returns it.
   */
  public synchronized <T extends AutoCloseable> T adopt(String name, T resource) {
    started.push(new Part(name, Managed.closing(resource)));
    return resource;
  }

  /**
   * Starts the parts added since the last start, in order. When one fails, every started part is
   * stopped (in reverse) and the failure is rethrown, with the failures of stopping suppressed.
   */
  public synchronized void start() {
    List<Part> parts = List.copyOf(pending);
    pending.clear();
    for (Part part : parts) {
      try {
        part.managed().start();
      } catch (RuntimeException e) {
        abort(e);
        throw e;
      }
      started.push(part);
    }
  }

  /**
   * Stops every started part, last started first. Each part stops even when an earlier one failed
   * to; stopping again does nothing.
   *
   * @throws LifecycleException when any part failed to stop (each failure suppressed in it)
   */
  public synchronized void stop() {
    List<RuntimeException> failures = stopAll();
    if (!failures.isEmpty()) {
      LifecycleException e = new LifecycleException(failures.size() + " part(s) failed to stop");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  /** Stops every started part after {@code cause} ended the start; their failures join it. */
  public synchronized void abort(RuntimeException cause) {
    stopAll().forEach(cause::addSuppressed);
  }

  private List<RuntimeException> stopAll() {
    List<RuntimeException> failures = new ArrayList<>();
    while (!started.isEmpty()) {
      Part part = started.pop();
      try {
        part.managed().stop();
      } catch (RuntimeException e) {
        LOG.warn("{} failed to stop: {}", part.name(), e.toString());
        failures.add(e);
      }
    }
    return failures;
  }
}
