package io.modelrunner.app.console;

import io.modelrunner.testkit.junit.ServerCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For {@code @RequiresServer}: Firefox, Node.js and the console's {@code puppeteer-core} are there
 * ({@link FirefoxSmoke}). The Firefox test skips without them on a laptop and fails in CI ({@code
 * MODEL_RUNNER_REQUIRE_SERVERS=true}).
 */
final class FirefoxAndPuppeteer implements ServerCheck {
  @Override
  public Optional<String> missing() {
    List<String> missing = new ArrayList<>();
    return FirefoxSmoke.find(missing).isPresent()
        ? Optional.empty()
        : Optional.of(String.join("; ", missing));
  }
}
