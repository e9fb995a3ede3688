package io.modelrunner.adapter;

import io.modelrunner.testkit.junit.Requirement;
import io.modelrunner.testkit.junit.Requirements;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Python 3 interpreter for the tests that run Python: {@code python3}, then {@code
 * /usr/bin/python3}, the first that imports the given modules. Without one the test is skipped, or
 * fails where {@link Requirements} says servers are required (CI).
 */
final class PythonInterpreter {
  private static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");

  private PythonInterpreter() {}

  static String requireWith(String... modules) {
    String imports = "import " + String.join(", ", modules);
    for (String candidate : CANDIDATES) {
      if (imports(candidate, imports)) {
        return candidate;
      }
    }
    throw Requirements.fromEnvironment()
        .unmet(
            Requirement.SERVER,
            "no Python 3 interpreter among "
                + CANDIDATES
                + " can '"
                + imports
                + "' (apt-get install python3-flask python3-requests)");
  }

  private static boolean imports(String interpreter, String imports) {
    try {
      Process p =
          new ProcessBuilder(interpreter, "-c", imports)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
