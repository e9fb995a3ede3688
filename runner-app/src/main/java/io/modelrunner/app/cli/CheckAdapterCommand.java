package io.modelrunner.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.adapter.AdapterCheck;
import io.modelrunner.conformance.adapter.AdapterCheckOptions;
import io.modelrunner.conformance.adapter.AdapterProfile;
import io.modelrunner.conformance.adapter.AdapterTarget;
import io.modelrunner.conformance.adapter.AdapterUnreachableException;
import io.modelrunner.conformance.adapter.RegistryUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code model-runner check adapter URL}: drives a running adapter through the lifecycle of
 * docs/adapter-api.md and reports each clause.
 */
@Command(
    name = "adapter",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Drives a running adapter through every clause of docs/adapter-api.md (two runs: one misused,"
          + " one run to its result; N+1 more with a declared capacity) and prints a table, with"
          + " the evidence of each failure.",
      "Exit 0 when every MUST clause passes; 1 when one fails; 2 on usage errors or when the"
          + " adapter cannot be reached."
    })
final class CheckAdapterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "The adapter's root URL, e.g. http://localhost:8080.")
  String url;

  @Option(
      names = "--base-path",
      paramLabel = "PATH",
      defaultValue = "/model",
      description = "Where the lifecycle endpoints live (default: ${DEFAULT-VALUE}).")
  String basePath;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A configuration the adapter accepts (the initialize body). Without it {} is sent, and"
              + " the clauses needing a configured run are skipped when the adapter refuses it.")
  Path configFile;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2M",
      description =
          "How long the started run may take to finish (ISO-8601; default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--capacity",
      paramLabel = "N",
      description =
          "The adapter's declared capacity (runs at once): it is loaded with N+1 runs, the extra"
              + " one must wait PENDING or QUEUED (A-CAP-1). Default: max_workers of its registry"
              + " entry with --registry; else A-CAP-1 is skipped.")
  Integer capacity;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description =
          "The model registry the adapter registers with (base URL or .../registry/ URL): judges"
              + " that it registers and heartbeats (A-REG-1, A-REG-2). Deregistration (A-REG-3)"
              + " needs the adapter stopped, which this command cannot do: it is skipped.")
  String registry;

  @Option(
      names = "--registry-wait",
      paramLabel = "DURATION",
      defaultValue = "PT90S",
      description =
          "How long to wait for the adapter's registry entry and for a heartbeat (ISO-8601;"
              + " default: ${DEFAULT-VALUE}, the registry's default TTL).")
  Duration registryWait;

  @Option(
      names = "--profile",
      paramLabel = "PROFILE",
      defaultValue = "standard",
      description =
          "standard (default), or mmvib: the clauses the deployed MultiModelling adapters break"
              + " and model-runner tolerates (${COMPLETION-CANDIDATES}) only warn.",
      completionCandidates = Profiles.class)
  String profile;

  @Mixin CheckReportOutput output;

  @Override
  public Integer call() {
    AdapterTarget target = target();
    CheckReport report;
    // HTTP/1.1, as the deployed orchestrator speaks: no h2c upgrade header for adapters to trip on.
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    try {
      report = new AdapterCheck(client).check(target, options());
    } catch (AdapterUnreachableException | RegistryUnreachableException e) {
      throw new UserErrorException(e.getMessage(), e);
    }
    return output.print(report, spec);
  }

  private AdapterTarget target() {
    URI root = httpUrl("URL", url);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new UserErrorException("--timeout must be positive, got " + timeout, null);
    }
    return new AdapterTarget(root, basePath, configuration(), timeout);
  }

  private AdapterCheckOptions options() {
    AdapterCheckOptions options = AdapterCheckOptions.defaults().withProfile(profile());
    if (capacity != null) {
      if (capacity < 1) {
        throw new UserErrorException("--capacity must be at least 1, got " + capacity, null);
      }
      options = options.withCapacity(capacity);
    }
    if (registryWait.isNegative() || registryWait.isZero()) {
      throw new UserErrorException("--registry-wait must be positive, got " + registryWait, null);
    }
    options = options.withRegistryWait(registryWait);
    if (registry != null) {
      options = options.withRegistry(httpUrl("--registry", registry));
    }
    return options;
  }

  private AdapterProfile profile() {
    return Arrays.stream(AdapterProfile.values())
        .filter(p -> p.name().equalsIgnoreCase(profile))
        .findFirst()
        .orElseThrow(
            () ->
                new UserErrorException(
                    "--profile must be one of "
                        + String.join(", ", new Profiles())
                        + "; got "
                        + profile,
                    null));
  }

  /** The profiles' names as the option takes them. */
  static final class Profiles implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(AdapterProfile.values())
          .map(p -> p.name().toLowerCase(Locale.ROOT))
          .iterator();
    }
  }

  private static URI httpUrl(String what, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new UserErrorException(
          what + " is not a URL: " + text + " (" + e.getMessage() + ")", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new UserErrorException(
          what + " must be an http(s) URL with a host, e.g. http://localhost:8080; got " + text,
          null);
    }
    return uri;
  }

  private Optional<String> configuration() {
    if (configFile == null) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(configFile);
    } catch (NoSuchFileException e) {
      throw new UserErrorException("no such file: " + configFile, e);
    } catch (IOException e) {
      throw new UserErrorException(configFile + ": " + e.getMessage(), e);
    }
    try {
      JsonMappers.standard().readTree(text);
    } catch (JsonProcessingException e) {
      throw new UserErrorException(configFile + " is not JSON: " + e.getOriginalMessage(), e);
    }
    return Optional.of(text);
  }
}
