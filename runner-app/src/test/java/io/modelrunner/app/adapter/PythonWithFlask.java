package io.modelrunner.app.adapter;

import io.modelrunner.testkit.junit.CommandProbe;
import io.modelrunner.testkit.junit.ServerCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds a Python 3 that imports Flask: {@code python3}, then {@code /usr/bin/python3}. Use it as
 * {@code @RequiresServer(PythonWithFlask.class)} on a test class, or through {@link
 * ThirdPartyAdapter#start}, which skips or fails at set-up.
 */
public final class PythonWithFlask implements ServerCheck {
  private static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");

  /** The first candidate that imports flask, or empty. */
  public Optional<String> interpreter() {
    for (String candidate : CANDIDATES) {
      if (importsFlask(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> missing() {
    return interpreter().isPresent()
        ? Optional.empty()
        : Optional.of(
            "no Python with Flask among "
                + CANDIDATES
                + " (apt-get install python3-flask, or pip install flask)");
  }

  private static boolean importsFlask(String candidate) {
    return CommandProbe.run(Duration.ofSeconds(30), candidate, "-c", "import flask")
        == CommandProbe.Result.SUCCEEDED;
  }
}
