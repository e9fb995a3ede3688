package io.modelrunner.app.config;

import io.modelrunner.app.engine.EngineChoice;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code engine}, {@code models.catalog}, {@code output.schema}, {@code images.allowed-prefixes},
 * {@code registry.adapter-base-path} and {@code registry.allowed-adapter-hosts}: what runs models
 * and which ones may run. {@code modelsCatalog} is null when there is none.
 */
public record EngineSection(
    EngineChoice engine,
    Path modelsCatalog,
    String outputSchema,
    List<String> allowedImagePrefixes,
    String adapterBasePath,
    Set<String> allowedAdapterHosts) {

  static EngineSection parse(ConfigValues v) {
    EngineSection section =
        new EngineSection(
            v.choice("engine", EngineChoice.class),
            v.path("models.catalog"),
            v.text("output.schema"),
            v.list("images.allowed-prefixes"),
            v.text("registry.adapter-base-path"),
            new LinkedHashSet<>(v.list("registry.allowed-adapter-hosts")));
    if (!section.adapterBasePath().isEmpty() && !section.adapterBasePath().startsWith("/")) {
      v.problem("registry.adapter-base-path: must start with / (or be empty)");
    }
    return section;
  }
}
