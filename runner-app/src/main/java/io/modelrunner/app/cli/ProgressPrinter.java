package io.modelrunner.app.cli;

import io.modelrunner.core.pipeline.ProgressListener;
import io.modelrunner.core.pipeline.RunResult;
import io.modelrunner.core.pipeline.Stage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Prints each model's stages on stderr: {@code [seir] execute (+0.4 s)}. Thread-safe. */
final class ProgressPrinter implements ProgressListener {
  private final PrintWriter err;

  ProgressPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void stageStarted(String modelSlug, Stage stage, Duration sinceJobStart) {
    err.println("[" + modelSlug + "] " + stage.wireName() + " (+" + seconds(sinceJobStart) + ")");
    err.flush();
  }

  @Override
  public synchronized void finished(RunResult result) {
    Duration total =
        result.timings().stream().map(t -> t.elapsed()).reduce(Duration.ZERO, Duration::plus);
    if (result.completed()) {
      err.println("[" + result.modelSlug() + "] complete in " + seconds(total));
    } else {
      err.println(
          "["
              + result.modelSlug()
              + "] failed in "
              + seconds(total)
              + ": "
              + result.reason().summary());
      for (String line : result.reason().errors()) {
        err.println("[" + result.modelSlug() + "]   " + line);
      }
      for (String line : result.reason().logTail()) {
        err.println("[" + result.modelSlug() + "]   | " + line);
      }
    }
    result.callbacks().stream()
        .filter(c -> c.status() == io.modelrunner.core.callback.CallbackDelivery.Status.FAILED)
        .forEach(
            c ->
                err.println(
                    "["
                        + result.modelSlug()
                        + "] "
                        + c.event()
                        + " callback not delivered: "
                        + c.detail()));
    result.warnings().forEach(w -> err.println("[" + result.modelSlug() + "] warning: " + w));
    if (result.keptWorkspace() != null) {
      err.println("[" + result.modelSlug() + "] workspace kept at " + result.keptWorkspace());
    }
    err.flush();
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
