package io.modelrunner.app.bootstrap;

/** One or more parts failed to stop; each failure is a suppressed exception of this one. */
public final class LifecycleException extends RuntimeException {
  LifecycleException(String message) {
    super(message);
  }
}
