package io.modelrunner.app.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code store} and {@code store.options}: where results go. Option values never appear in {@link
 * #toString()}.
 */
public record StoreSection(String uri, Map<String, String> options) {

  static StoreSection parse(ConfigValues v, Path dataDir) {
    String store = v.text("store");
    return new StoreSection(
        store.isEmpty() ? dataDir.resolve("results").toString() : store, v.pairs("store.options"));
  }

  @Override
  public String toString() {
    return "StoreSection[" + uri + ", options " + options.keySet() + "]";
  }
}
