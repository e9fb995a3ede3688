package io.modelrunner.app.bootstrap;

/** A part of the application that is started and stopped with it, by a {@link Lifecycle}. */
public interface Managed {
  /** Starts it; a failure stops the parts started before it. */
  void start();

  /** Stops it; called once, and only when {@link #start()} succeeded. */
  void stop();

  /** A part with these two actions. */
  static Managed of(Runnable start, Runnable stop) {
    return new Managed() {
      @Override
      public void start() {
        start.run();
      }

      @Override
      public void stop() {
        stop.run();
      }
    };
  }

  /** A part that its constructor started (it holds connections or threads): stopping closes it. */
  static Managed closing(AutoCloseable resource) {
    return of(
        () -> {},
        () -> {
          try {
            resource.close();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException("cannot close " + resource + ": " + e.getMessage(), e);
          }
        });
  }
}
