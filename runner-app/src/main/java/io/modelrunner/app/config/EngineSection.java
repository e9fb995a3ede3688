package io.modelrunner.app.config;

import io.modelrunner.app.engine.EngineChoice;
import io.modelrunner.app.engine.SlurmSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code engine}, {@code slurm.*}, {@code models.catalog}, {@code output.schema}, {@code
 * images.allowed-prefixes}, {@code registry.adapter-base-path} and {@code
 * registry.allowed-adapter-hosts}: what runs models and which ones may run; {@code
 * images.docker-config} and {@code images.registry*}: the credentials images are pulled with.
 * {@code modelsCatalog} is null when there is none. {@code slurm} is checked to be complete only
 * with {@code engine=slurm}; its token never appears in {@link #toString()}.
 */
public record EngineSection(
    EngineChoice engine,
    SlurmSettings slurm,
    Path modelsCatalog,
    String outputSchema,
    List<String> allowedImagePrefixes,
    String adapterBasePath,
    Set<String> allowedAdapterHosts,
    PullCredentialsSection pullCredentials) {

  static EngineSection parse(ConfigValues v) {
    EngineChoice engine = v.choice("engine", EngineChoice.class);
    EngineSection section =
        new EngineSection(
            engine,
            slurm(
                v,
                engine == EngineChoice.slurm
                    ? "engine=slurm (from " + v.source("engine") + ")"
                    : null),
            v.path("models.catalog"),
            v.text("output.schema"),
            v.list("images.allowed-prefixes"),
            v.text("registry.adapter-base-path"),
            new LinkedHashSet<>(v.list("registry.allowed-adapter-hosts")),
            PullCredentialsSection.parse(v));
    if (!section.adapterBasePath().isEmpty() && !section.adapterBasePath().startsWith("/")) {
      v.problem("registry.adapter-base-path: must start with / (or be empty)");
    }
    return section;
  }

  /**
   * The {@code slurm.*} keys for {@code model-runner run --engine slurm}: from {@code file} (may be
   * null; its other keys are {@code serve}'s, and are not read) and the environment, checked as
   * {@code serve} checks them with {@code engine=slurm}.
   *
   * @throws ConfigException listing every problem, each naming its key and source
   */
  public static SlurmSettings loadSlurm(Path file, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    ConfigValues v = ServiceConfig.resolve(file, environment, Map.of(), problems);
    SlurmSettings slurm = slurm(v, "--engine slurm");
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return slurm;
  }

  /**
   * Reads the {@code slurm.*} keys; their syntax is always checked, their completeness and the
   * files they name only when the Slurm engine is chosen.
   *
   * @param chosenBy what chose the Slurm engine, for the messages; null when it is not chosen
   */
  private static SlurmSettings slurm(ConfigValues v, String chosenBy) {
    SlurmSettings slurm =
        new SlurmSettings(
            url(v, "slurm.url"),
            v.text("slurm.user"),
            v.text("slurm.token"),
            v.path("slurm.token-file"),
            v.path("slurm.shared-directory"),
            v.text("slurm.partition"),
            v.text("slurm.account"),
            v.text("slurm.qos"),
            v.duration("slurm.poll-interval"));
    if (chosenBy == null) {
      return slurm;
    }
    for (String problem : slurm.problems()) {
      v.problem(chosenBy + ": " + problem);
    }
    if (slurm.tokenFile() != null && !Files.isReadable(slurm.tokenFile())) {
      v.problem("slurm.token-file", "cannot read " + slurm.tokenFile());
    }
    if (slurm.sharedDirectory() != null && !Files.isDirectory(slurm.sharedDirectory())) {
      v.problem(
          "slurm.shared-directory",
          "no such directory: "
              + slurm.sharedDirectory()
              + " (it must be mounted here and on every compute node, at this path)");
    }
    return slurm;
  }

  /** An absolute http or https URL, or null when the key is empty. */
  private static URI url(ConfigValues v, String key) {
    String text = v.text(key);
    if (text.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    v.problem(
        key, "must be an http or https URL such as http://slurm-head:6820, not '" + text + "'");
    return null;
  }
}
