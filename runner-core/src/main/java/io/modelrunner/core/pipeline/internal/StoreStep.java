package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.pipeline.Artifact;
import io.modelrunner.core.pipeline.RunRequestDocument;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a job's results under the content-addressed prefix {@code simulation-runs/<hash>}, where
 * {@code <hash>} is the SHA-256 (hex) of the UTF-8 bytes of the canonical request JSON ({@link
 * JsonMappers#canonical()}: sorted keys, no whitespace) immediately followed by the image id:
 *
 * <ul>
 *   <li>{@code public/data.json} and {@code public/export.zip};
 *   <li>{@code private/log/<file>} for every regular file of {@code log/} ({@link TreeScan}: links,
 *       special files and files whose name the runner cannot carry are skipped and logged).
 * </ul>
 */
@API(status = INTERNAL, since = "0.1.0")
public final class StoreStep {
  public static final String DATA_JSON = "data.json";
  public static final String EXPORT_ZIP = "export.zip";

  private static final ObjectMapper CANONICAL = JsonMappers.canonical();
  private static final Logger LOG = LoggerFactory.getLogger(StoreStep.class);

  private final ResultStore store;

  public StoreStep(ResultStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * {@code simulation-runs/<sha256(canonical request JSON + image id)>}, and, when the models
   * catalog gives the model an environment, that environment too ({@code + '\n' +} its variables as
   * canonical JSON): two catalog entries that run the same image with different environments
   * produce different results, so they must not share a key. Without an environment the key is the
   * one every earlier release used.
   */
  public static String prefix(
      RunRequestDocument request, ModelIdentity identity, Map<String, String> environment) {
    try {
      String canonical =
          new String(CANONICAL.writeValueAsBytes(request.document()), StandardCharsets.UTF_8);
      String addressed = canonical + identity.id();
      if (!environment.isEmpty()) {
        addressed += "\n" + CANONICAL.writeValueAsString(new TreeMap<>(environment));
      }
      return "simulation-runs/" + Hashing.sha256Hex(addressed);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the canonical request", e);
    }
  }

  /** Stores {@code data.json}, the export and the logs. */
  public List<Artifact> storeResults(String prefix, Workspace workspace, Path exportZip)
      throws IOException {
    // public/data.json is written last: when it exists, everything else of the run is stored, so
    // a reader (or a result cache) that finds it never sees a half-stored run.
    List<Artifact> logs = storeLogs(prefix, workspace);
    Artifact export = put(EXPORT_ZIP, prefix + "/public/export.zip", exportZip, "application/zip");
    Artifact data =
        put(
            DATA_JSON,
            prefix + "/public/data.json",
            workspace.output().resolve(DATA_JSON),
            "application/json");
    List<Artifact> artifacts = new ArrayList<>();
    artifacts.add(data);
    artifacts.add(export);
    artifacts.addAll(logs);
    return artifacts;
  }

  /**
   * The results already stored under {@code prefix}: {@code public/data.json} and {@code
   * public/export.zip}, when both are there. As {@code data.json} is written last, its presence
   * means the earlier run stored everything.
   */
  public Optional<List<Artifact>> findStored(String prefix) {
    Optional<StoredObject> data = store.stat(prefix + "/public/data.json");
    Optional<StoredObject> export = store.stat(prefix + "/public/export.zip");
    if (data.isEmpty() || export.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        List.of(artifact(DATA_JSON, data.get()), artifact(EXPORT_ZIP, export.get())));
  }

  /** Stores the regular files of {@code log/} under {@code private/log/}. */
  public List<Artifact> storeLogs(String prefix, Workspace workspace) throws IOException {
    List<Artifact> artifacts = new ArrayList<>();
    TreeScan.Result scan = TreeScan.scan(workspace.log());
    for (String skipped : scan.skipped()) {
      LOG.warn("{}: log/{} not stored", prefix, skipped);
    }
    for (OutputEntry log : scan.files()) {
      artifacts.add(
          put(
              "log/" + log.name(),
              prefix + "/private/log/" + log.name(),
              log.file(),
              "text/plain"));
    }
    return artifacts;
  }

  private Artifact put(String name, String key, Path file, String contentType) {
    return artifact(name, store.put(key, file, contentType));
  }

  private static Artifact artifact(String name, StoredObject stored) {
    return new Artifact(name, stored.key(), stored.size(), stored.sha256(), stored.location());
  }
}
