package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.store.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Collects a model's output: the files {@code output/manifest.json} lists, else every regular file
 * under {@code output/}; then checks that {@code output/data.json} is JSON and matches the job's
 * output schema (none: any JSON document). Never follows a symbolic link: a link or special file is
 * reported and skipped (and a {@code data.json} that is a link counts as missing).
 *
 * <p>Manifest format: {@code {"files": ["data.json", {"path": "charts/cases.png", "mediaType":
 * "image/png"}]}} — each entry a path, or an object with a {@code path} (other members, such as
 * {@code mediaType}, are allowed and ignored); paths relative to {@code output/}, {@code
 * /}-separated, without {@code .} or {@code ..} segments. {@code data.json} and {@code
 * manifest.json} are always collected, listed or not. A listed file that is missing is an invalid
 * output.
 *
 * <p>File names: a scanned file or folder whose name the runner cannot carry ({@link FileNames}) is
 * skipped with a warning; a manifest entry with such a name is an invalid entry. The files of
 * {@code log/} that would be skipped (links, special files, such names) are reported too, as {@code
 * log/<name>: <why>}, so that the run's warnings say which logs are not stored.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class CollectStep {
  /** The output file every model must write. */
  public static final String DATA_JSON = "data.json";

  /** The optional list of output files. */
  public static final String MANIFEST_JSON = "manifest.json";

  private static final int MAX_REPORTED_ERRORS = 50;

  private final JsonSchema defaultSchema;
  private final ObjectMapper mapper = JsonMappers.standard();

  /**
   * @param outputSchema the schema {@link #collect(Workspace)} checks {@code data.json} against
   */
  public CollectStep(JsonSchema outputSchema) {
    this.defaultSchema = Objects.requireNonNull(outputSchema, "outputSchema");
  }

  /** Collects with the schema this step was made with. */
  public CollectedOutput collect(Workspace workspace) throws StepFailure, IOException {
    return collect(workspace, Optional.of(defaultSchema));
  }

  /**
   * Collects, checking {@code data.json} against {@code outputSchema}; empty: the model declares no
   * output schema, and {@code data.json} only has to be JSON.
   */
  public CollectedOutput collect(Workspace workspace, Optional<JsonSchema> outputSchema)
      throws StepFailure, IOException {
    Path output = workspace.output();
    if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
      throw new StepFailure(Kind.INVALID_OUTPUT, "the output folder is missing or not a folder");
    }
    Path manifest = output.resolve(MANIFEST_JSON);
    CollectedOutput collected =
        Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)
            ? fromManifest(output, manifest)
            : fromScan(output);
    boolean hasData = collected.files().stream().anyMatch(f -> f.name().equals(DATA_JSON));
    if (!hasData) {
      throw StepFailure.withErrors(
          Kind.INVALID_OUTPUT,
          "the model wrote no output/" + DATA_JSON + " (a regular file)",
          collected.skipped());
    }
    validateData(output.resolve(DATA_JSON), outputSchema);
    List<String> skipped = new ArrayList<>(collected.skipped());
    for (String log : TreeScan.scan(workspace.log()).skipped()) {
      skipped.add("log/" + log);
    }
    return new CollectedOutput(collected.files(), skipped, collected.fromManifest());
  }

  private CollectedOutput fromScan(Path output) throws IOException {
    TreeScan.Result scan = TreeScan.scan(output);
    return new CollectedOutput(scan.files(), scan.skipped(), false);
  }

  private CollectedOutput fromManifest(Path output, Path manifest) throws StepFailure, IOException {
    if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
      throw new StepFailure(
          Kind.INVALID_OUTPUT, "output/" + MANIFEST_JSON + " is not a regular file");
    }
    JsonNode node;
    try (InputStream in = Files.newInputStream(manifest, LinkOption.NOFOLLOW_LINKS)) {
      node = mapper.readTree(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new StepFailure(
          Kind.INVALID_OUTPUT,
          "output/" + MANIFEST_JSON + " is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.path("files").isArray()) {
      throw new StepFailure(
          Kind.INVALID_OUTPUT,
          "output/" + MANIFEST_JSON + " must be an object with a \"files\" array of paths");
    }
    TreeMap<String, OutputEntry> files = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<String> names = new ArrayList<>(List.of(DATA_JSON, MANIFEST_JSON));
    for (JsonNode entry : node.path("files")) {
      if (entry.isTextual()) {
        names.add(entry.textValue());
      } else if (entry.isObject() && entry.path("path").isTextual()) {
        names.add(entry.path("path").textValue());
      } else {
        errors.add("manifest entry " + entry + ": neither a path nor an object with a \"path\"");
      }
    }
    Path realOutput = output.toRealPath();
    for (String name : names) {
      if (files.containsKey(name)) {
        continue;
      }
      String shown = FileNames.printable(name);
      try {
        StoreKeys.requireValid(name);
      } catch (IllegalArgumentException e) {
        errors.add(shown + ": not a relative path inside output/");
        continue;
      }
      Optional<String> badName = FileNames.problem(name);
      if (badName.isPresent()) {
        errors.add(shown + ": " + badName.get());
        continue;
      }
      Path file;
      try {
        file = output.resolve(name).normalize();
      } catch (InvalidPathException e) {
        errors.add(shown + ": not a file name this runner can open (" + e.getReason() + ")");
        continue;
      }
      if (!file.startsWith(output)) {
        errors.add(shown + ": outside output/");
      } else if (Files.isSymbolicLink(file)) {
        skipped.add(shown + ": a symbolic link (never followed)");
      } else if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        if (!name.equals(DATA_JSON)) {
          errors.add(shown + ": listed in the manifest but missing");
        }
      } else if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        skipped.add(shown + ": not a regular file");
      } else if (!file.toRealPath().startsWith(realOutput)) {
        skipped.add(shown + ": reached through a symbolic link (never followed)");
      } else {
        files.put(name, new OutputEntry(name, file));
      }
    }
    if (!errors.isEmpty()) {
      throw StepFailure.withErrors(
          Kind.INVALID_OUTPUT, "output/" + MANIFEST_JSON + " lists invalid entries", errors);
    }
    List<OutputEntry> list = new ArrayList<>(files.values());
    list.sort(Comparator.comparing(OutputEntry::name));
    skipped.sort(Comparator.naturalOrder());
    return new CollectedOutput(list, skipped, true);
  }

  private void validateData(Path data, Optional<JsonSchema> schema)
      throws StepFailure, IOException {
    JsonNode document;
    try (InputStream in = Files.newInputStream(data, LinkOption.NOFOLLOW_LINKS)) {
      document = mapper.readTree(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new StepFailure(
          Kind.INVALID_OUTPUT,
          "output/" + DATA_JSON + " is not JSON: " + e.getOriginalMessage() + lineOf(e));
    } catch (NoSuchFileException e) {
      throw new StepFailure(Kind.INVALID_OUTPUT, "output/" + DATA_JSON + " vanished");
    }
    if (document == null || document.isMissingNode()) {
      throw new StepFailure(Kind.INVALID_OUTPUT, "output/" + DATA_JSON + " is empty");
    }
    if (schema.isEmpty()) {
      return;
    }
    JsonSchema outputSchema = schema.get();
    List<ValidationError> errors = outputSchema.validate(document);
    if (!errors.isEmpty()) {
      List<String> lines =
          errors.stream().limit(MAX_REPORTED_ERRORS).map(ValidationError::toString).toList();
      throw StepFailure.withErrors(
          Kind.INVALID_OUTPUT,
          "output/"
              + DATA_JSON
              + " does not match the output schema "
              + outputSchema.location()
              + " ("
              + errors.size()
              + " error(s); first: "
              + errors.get(0)
              + ")",
          lines);
    }
  }

  private static String lineOf(com.fasterxml.jackson.core.JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }
}
