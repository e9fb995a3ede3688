package io.modelrunner.app.console;

import io.modelrunner.testkit.junit.ServerCheck;
import java.util.Optional;

/**
 * For {@code @RequiresServer}: Chromium and ChromeDriver are installed ({@link BrowserPaths}). The
 * browser tests skip without them on a laptop and fail in CI ({@code
 * MODEL_RUNNER_REQUIRE_SERVERS=true}).
 */
final class ChromiumAndDriver implements ServerCheck {
  @Override
  public Optional<String> missing() {
    return BrowserPaths.find().isPresent()
        ? Optional.empty()
        : Optional.of(BrowserPaths.howToGetThem());
  }
}
