package io.modelrunner.app.bootstrap;

/**
 * Whether the run service's drain left runs going past {@code shutdown.grace}: the parts those runs
 * still need (their containers, the database) then stay open for the next start to reattach.
 */
final class RunsLeft {
  private volatile int count;

  void set(int count) {
    this.count = count;
  }

  /** Runs {@code close} unless runs were left going. */
  void closeUnlessAny(Runnable close) {
    if (count == 0) {
      close.run();
    }
  }
}
