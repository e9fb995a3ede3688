package io.modelrunner.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.pipeline.Artifact;
import io.modelrunner.core.pipeline.RunRequestDocument;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoredObject;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.core.support.TestModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreStepTest {
  private static final ModelIdentity IMAGE =
      new ModelIdentity("docker", "local/seir:1", "sha256:1111", null, null);

  @Test
  void keyIsTheSha256OfTheCanonicalRequestAndTheImageId() throws Exception {
    RunRequestDocument request = TestModels.request("r1", null, "seir");
    String canonical = JsonMappers.canonical().writeValueAsString(request.document());

    assertThat(StoreStep.prefix(request, IMAGE, Map.of()))
        .isEqualTo("simulation-runs/" + Hashing.sha256Hex(canonical + "sha256:1111"))
        .matches("simulation-runs/[0-9a-f]{64}");
  }

  @Test
  void keyIgnoresKeyOrderAndWhitespace() throws Exception {
    String compact = TestModels.requestJson("r1", "http://x", "seir");
    String reordered =
        "{ \"callbackURL\": \"http://x\",\n  \"configuration\": "
            + TestModels.CONFIGURATION
            + ",\n \"models\": [{\"imageURL\":\"local/seir:1\", \"slug\":\"seir\"}],\n \"id\": \"r1\" }";
    var mapper = JsonMappers.standard();
    assertThat(StoreStep.prefix(RunRequestDocument.of(mapper.readTree(reordered)), IMAGE, Map.of()))
        .isEqualTo(
            StoreStep.prefix(RunRequestDocument.of(mapper.readTree(compact)), IMAGE, Map.of()));
  }

  @Test
  void keyIsStableAcrossReleases() throws Exception {
    // Pinned: a change here orphans every stored result; change it only on purpose.
    var request =
        RunRequestDocument.of(
            JsonMappers.standard()
                .readTree(
                    "{\"id\":7,\"models\":[{\"slug\":\"m\",\"imageURL\":\"i\"}],"
                        + "\"configuration\":{\"region\":\"US\",\"parameters\":{\"r0\":2.50}},"
                        + "\"callbackURL\":null}"));
    String expectedCanonical =
        "{\"callbackURL\":null,\"configuration\":{\"parameters\":{\"r0\":2.50},\"region\":\"US\"},"
            + "\"id\":7,\"models\":[{\"imageURL\":\"i\",\"slug\":\"m\"}]}";
    assertThat(JsonMappers.canonical().writeValueAsString(request.document()))
        .isEqualTo(expectedCanonical);
    assertThat(StoreStep.prefix(request, IMAGE, Map.of()))
        .isEqualTo("simulation-runs/" + Hashing.sha256Hex(expectedCanonical + "sha256:1111"));
  }

  @Test
  void differentImagesOrRequestsGiveDifferentKeys() {
    RunRequestDocument request = TestModels.request("r1", null, "seir");
    var other = new ModelIdentity("docker", "local/seir:2", "sha256:2222", null, null);
    assertThat(StoreStep.prefix(request, other, Map.of()))
        .isNotEqualTo(StoreStep.prefix(request, IMAGE, Map.of()));
    assertThat(StoreStep.prefix(TestModels.request("r2", null, "seir"), IMAGE, Map.of()))
        .isNotEqualTo(StoreStep.prefix(request, IMAGE, Map.of()));
  }

  @Test
  void aCatalogEnvironmentIsPartOfTheKeyWhateverItsOrder() {
    RunRequestDocument request = TestModels.request("r1", null, "seir");
    String plain = StoreStep.prefix(request, IMAGE, Map.of());
    Map<String, String> ab = new java.util.LinkedHashMap<>();
    ab.put("A", "1");
    ab.put("B", "2");
    Map<String, String> ba = new java.util.LinkedHashMap<>();
    ba.put("B", "2");
    ba.put("A", "1");
    assertThat(StoreStep.prefix(request, IMAGE, ab))
        .isNotEqualTo(plain)
        .isEqualTo(StoreStep.prefix(request, IMAGE, ba))
        .isNotEqualTo(StoreStep.prefix(request, IMAGE, Map.of("A", "1", "B", "3")));
  }

  @Test
  void dataJsonIsStoredLastSoItsPresenceMeansTheRunIsStored(@TempDir Path tmp) throws Exception {
    Workspace workspace = Workspace.under(tmp.resolve("ws"));
    Files.createDirectories(workspace.output());
    Files.createDirectories(workspace.log());
    Files.writeString(workspace.output().resolve("data.json"), "{}");
    Files.writeString(workspace.containerLog(), "hello\n");
    Path zip = Files.writeString(tmp.resolve("export.zip"), "zip");
    List<String> order = new ArrayList<>();
    ResultStore real = new FileSystemResultStore(tmp.resolve("store"));
    ResultStore recording =
        new ResultStore() {
          @Override
          public StoredObject put(String key, Path file, String contentType) {
            order.add(key);
            return real.put(key, file, contentType);
          }

          @Override
          public Optional<StoredObject> stat(String key) {
            return real.stat(key);
          }

          @Override
          public InputStream open(String key) {
            return real.open(key);
          }

          @Override
          public String location(String key) {
            return real.location(key);
          }

          @Override
          public String describe() {
            return real.describe();
          }
        };

    List<Artifact> artifacts = new StoreStep(recording).storeResults("p", workspace, zip);

    assertThat(order).last().isEqualTo("p/public/data.json");
    assertThat(order)
        .containsExactly(
            "p/private/log/container.log", "p/public/export.zip", "p/public/data.json");
    assertThat(artifacts)
        .extracting(Artifact::name)
        .containsExactly("data.json", "export.zip", "log/container.log");
  }
}
