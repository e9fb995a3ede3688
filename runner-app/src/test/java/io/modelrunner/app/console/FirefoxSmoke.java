package io.modelrunner.app.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The console's Firefox smoke test, {@code console/src/test/firefox/smoke.mjs}: headless Firefox
 * driven over WebDriver BiDi by npm's {@code puppeteer-core} (no geckodriver). Finds Firefox
 * ({@code -Dconsole.firefox}, {@code MODEL_RUNNER_FIREFOX}, else {@code /usr/bin/firefox-esr} or
 * {@code /usr/bin/firefox}), Node.js and the console's {@code node_modules}.
 */
record FirefoxSmoke(Path firefox, Path node, Path script) {
  private static final List<String> FIREFOX = List.of("/usr/bin/firefox-esr", "/usr/bin/firefox");

  /** What a run of the script answered. */
  record Result(int exitCode, String output) {}

  /** The tools of this machine, or what is missing (in one line). */
  static Optional<FirefoxSmoke> find(List<String> missing) {
    Optional<Path> firefox = findFirefox();
    Optional<Path> node = onPath("node");
    Path console = ConsoleModels.repository().resolve("console");
    Path script = console.resolve("src/test/firefox/smoke.mjs");
    if (firefox.isEmpty()) {
      missing.add(
          "Firefox is not installed (Debian: apt-get install firefox-esr; elsewhere"
              + " -Dconsole.firefox=… or MODEL_RUNNER_FIREFOX)");
    }
    if (node.isEmpty()) {
      missing.add("Node.js is not installed (Debian: apt-get install nodejs npm)");
    }
    if (!Files.isRegularFile(console.resolve("node_modules/puppeteer-core/package.json"))) {
      missing.add("console/node_modules/puppeteer-core is missing (run: npm ci --prefix console)");
    }
    if (!missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FirefoxSmoke(firefox.get(), node.get(), script));
  }

  /**
   * Runs the script with {@code settings} as its environment (see the script's head); its output
   * goes to {@code log}. Fails when it runs longer than {@code limit}.
   */
  Result run(Map<String, String> settings, Path log, Duration limit) {
    ProcessBuilder builder =
        new ProcessBuilder(node.toString(), script.toString())
            .directory(script.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(settings);
    builder.environment().put("CONSOLE_FIREFOX", firefox.toString());
    try {
      Process process = builder.start();
      try {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor();
          return new Result(-1, "timed out after " + limit + ":\n" + read(log));
        }
        return new Result(process.exitValue(), read(log));
      } finally {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static Optional<Path> findFirefox() {
    String chosen = System.getProperty("console.firefox", System.getenv("MODEL_RUNNER_FIREFOX"));
    if (chosen != null && !chosen.isBlank()) {
      Path path = Path.of(chosen);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    return FIREFOX.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  private static Optional<Path> onPath(String name) {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, name));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
