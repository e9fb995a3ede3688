package io.modelrunner.app.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where Chromium and its ChromeDriver are: the system properties {@code console.chromium} and
 * {@code console.chromedriver}, else the environment variables {@code MODEL_RUNNER_CHROMIUM} and
 * {@code MODEL_RUNNER_CHROMEDRIVER}, else the first executable of the usual install paths (Debian's
 * {@code chromium} and {@code chromium-driver} first). Both are given to Selenium explicitly, so
 * that Selenium Manager (which would download them) never runs.
 */
record BrowserPaths(Path chromium, Path chromedriver) {
  private static final List<String> CHROMIUM =
      List.of(
          "/usr/bin/chromium",
          "/usr/bin/chromium-browser",
          "/usr/lib/chromium/chromium",
          "/usr/bin/google-chrome");
  private static final List<String> CHROMEDRIVER =
      List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  /** The paths of this machine, or empty when either is missing. */
  static Optional<BrowserPaths> find() {
    return find(System::getProperty, System::getenv);
  }

  static Optional<BrowserPaths> find(
      Function<String, String> properties, Function<String, String> environment) {
    Optional<Path> chromium =
        executable(
            properties.apply("console.chromium"),
            environment.apply("MODEL_RUNNER_CHROMIUM"),
            CHROMIUM);
    Optional<Path> driver =
        executable(
            properties.apply("console.chromedriver"),
            environment.apply("MODEL_RUNNER_CHROMEDRIVER"),
            CHROMEDRIVER);
    if (chromium.isEmpty() || driver.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new BrowserPaths(chromium.get(), driver.get()));
  }

  /** What is missing, in one line, for a skipped or failed test. */
  static String howToGetThem() {
    return "Chromium and ChromeDriver are not installed (Debian: apt-get install chromium"
        + " chromium-driver; elsewhere set -Dconsole.chromium=… -Dconsole.chromedriver=… or"
        + " MODEL_RUNNER_CHROMIUM / MODEL_RUNNER_CHROMEDRIVER)";
  }

  private static Optional<Path> executable(
      String property, String variable, List<String> candidates) {
    String chosen = property != null && !property.isBlank() ? property : variable;
    if (chosen != null && !chosen.isBlank()) {
      Path path = Path.of(chosen);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }
}
