package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.store.azure.AzureStoreProvider;
import io.modelrunner.store.azure.AzuriteServer;
import io.modelrunner.store.s3.S3ProxyServer;
import io.modelrunner.store.s3.S3StoreProvider;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example model run end to end by {@code java -jar model-runner.jar run} (process engine) into
 * each real object store: S3 (S3Proxy) and Azure Blob (Azurite), both started as processes.
 * Credentials travel in the environment, never on the command line.
 */
class RunCommandStoresIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples"));

  @TempDir Path dir;

  @Test
  void examplesResultsGoToAnS3Bucket() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start(dir)) {
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY,
              "AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
      JsonNode result =
          runExample(env, "s3://results/runs", "--store-option", "endpoint=" + s3.endpoint());
      assertThat(result.get("resultsLocation").asText())
          .startsWith("s3://results/runs/simulation-runs/")
          .endsWith("/public/data.json");
      try (ResultStore store =
          new S3StoreProvider()
              .open(
                  URI.create("s3://results/runs"),
                  Map.of(
                      "endpoint", s3.endpoint().toString(),
                      "access-key", S3ProxyServer.IDENTITY,
                      "secret-key", S3ProxyServer.CREDENTIAL),
                  Map.of())) {
        assertStored(store, result);
      }
    }
  }

  @Test
  void examplesResultsGoToAnAzureContainer() throws Exception {
    try (AzuriteServer azurite = AzuriteServer.start(dir)) {
      Map<String, String> env =
          Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
      JsonNode result = runExample(env, "azure://results/runs");
      assertThat(result.get("resultsLocation").asText())
          .contains("/results/runs/simulation-runs/")
          .endsWith("/public/data.json");
      try (ResultStore store =
          new AzureStoreProvider().open(URI.create("azure://results/runs"), Map.of(), env)) {
        assertStored(store, result);
      }
    }
  }

  private JsonNode runExample(Map<String, String> env, String storeUri, String... storeArgs)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                EXAMPLES.resolve("request.json").toString(),
                "--models",
                EXAMPLES.resolve("models.json").toString(),
                "--engine",
                "process",
                "--work-dir",
                dir.resolve("work").toString(),
                "--json",
                "--store",
                storeUri));
    args.addAll(List.of(storeArgs));
    JarProcess.Result run = JarProcess.run(env, args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    for (String secret : env.values()) {
      assertThat(run.stdout() + run.stderr()).doesNotContain(secret);
    }
    assertThat(run.stdoutLines()).hasSize(1);
    JsonNode result = MAPPER.readTree(run.stdoutLines().get(0));
    assertThat(result.get("status").asText()).isEqualTo("complete");
    return result;
  }

  private static void assertStored(ResultStore store, JsonNode result) throws Exception {
    String dataKey = keyOf(result, "data.json");
    try (InputStream in = store.open(dataKey)) {
      assertThat(new SchemaValidator().schema(SchemaName.OUTPUT).validate(MAPPER.readTree(in)))
          .isEmpty();
    }
    assertThat(store.stat(dataKey).orElseThrow().sha256()).isEqualTo(sha256Of(result, "data.json"));
    List<String> entries = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(store.open(keyOf(result, "export.zip")))) {
      for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries.add(entry.getName());
      }
    }
    assertThat(entries).contains("input/inputFile.json", "output/data.json");
  }

  private static String keyOf(JsonNode result, String artifact) {
    artifactNode(result, artifact); // it must be listed
    return result.get("storeKey").asText() + "/public/" + artifact;
  }

  private static String sha256Of(JsonNode result, String artifact) {
    return artifactNode(result, artifact).get("sha256").asText();
  }

  private static JsonNode artifactNode(JsonNode result, String name) {
    for (JsonNode artifact : result.get("artifacts")) {
      if (artifact.get("name").asText().equals(name)) {
        return artifact;
      }
    }
    throw new AssertionError("no artifact " + name + " in " + result);
  }
}
