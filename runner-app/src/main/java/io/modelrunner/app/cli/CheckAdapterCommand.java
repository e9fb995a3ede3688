package io.modelrunner.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.adapter.AdapterCheck;
import io.modelrunner.conformance.adapter.AdapterTarget;
import io.modelrunner.conformance.adapter.AdapterUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
          + " one run to its result) and prints a table, with the evidence of each failure.",
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

  @Option(names = "--json", description = "Print the report as JSON instead of a table.")
  boolean json;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Also write the report as JUnit XML, one testcase per clause, for CI.")
  Path junitFile;

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
      report = new AdapterCheck(client).check(target);
    } catch (AdapterUnreachableException e) {
      throw new UserErrorException(e.getMessage(), e);
    }
    return CheckReportOutput.print(report, json, junitFile, spec);
  }

  private AdapterTarget target() {
    URI root;
    try {
      root = new URI(url);
    } catch (URISyntaxException e) {
      throw new UserErrorException("not a URL: " + url + " (" + e.getMessage() + ")", e);
    }
    if (!"http".equals(root.getScheme()) && !"https".equals(root.getScheme())
        || root.getHost() == null) {
      throw new UserErrorException(
          "URL must be an http(s) URL with a host, e.g. http://localhost:8080; got " + url, null);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new UserErrorException("--timeout must be positive, got " + timeout, null);
    }
    return new AdapterTarget(root, basePath, configuration(), timeout);
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
