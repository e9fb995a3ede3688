package io.modelrunner.store.azure;

import io.modelrunner.testkit.junit.ServerCheck;
import java.util.Optional;

/** Whether Azurite's blob service can be started ({@link AzuriteServer}): it is installed. */
public final class AzuriteInstalled implements ServerCheck {
  @Override
  public Optional<String> missing() {
    return AzuriteServer.locate().isPresent()
        ? Optional.empty()
        : Optional.of(
            "azurite-blob not found: run .ci/azurite.sh (npm install azurite@3) or set"
                + " AZURITE_BLOB");
  }
}
